import CLibXML2

/// A namespace-aware streaming XML parser (libxml2 SAX2 push parser).
///
/// Feed the document in chunks as they arrive (for example from an HTTP body) and call
/// `finish()` at the end. Events go to the handler as soon as they are parsed, so memory
/// stays bounded by what the handler keeps. A DTD is refused, so no entity can expand and
/// no external resource is ever loaded.
///
/// One parser reads one document, from one task at a time.
public final class XMLPushParser {
    private let state: ParserState
    private var context: xmlParserCtxtPtr?
    private var finished = false
    private var referenceFilter: ForbiddenCharacterReferenceFilter?

    /// - Parameter replacingForbiddenCharacterReferences: read a character reference to a
    ///   character XML 1.0 forbids (`&#x1A;`, which Exchange writes for a stray control character
    ///   in an item) as U+FFFD instead of refusing the whole document. Off by default: a server
    ///   parsing requests stays strict.
    public init(handler: any XMLStreamHandler, replacingForbiddenCharacterReferences: Bool = false) {
        state = ParserState(handler: handler)
        referenceFilter = replacingForbiddenCharacterReferences ? ForbiddenCharacterReferenceFilter() : nil
        xmlInitParser()
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Parses the next chunk of the document.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "XMLPushParser.feed after finish")
        if let rewritten = referenceFilter?.filter(bytes, final: false) {
            try rewritten.withUnsafeBytes { try feedUnfiltered($0) }
        } else {
            try feedUnfiltered(bytes)
        }
    }

    private func feedUnfiltered(_ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        // xmlParseChunk takes an Int32 length.
        let step = 1 << 28
        repeat {
            let count = min(remaining.count, step)
            try parse(UnsafeRawBufferPointer(rebasing: remaining.prefix(count)), terminate: false)
            remaining = UnsafeRawBufferPointer(rebasing: remaining.dropFirst(count))
        } while !remaining.isEmpty
    }

    public func feed(_ bytes: some Sequence<UInt8>) throws {
        let handled: Void? = try bytes.withContiguousStorageIfAvailable { try feed(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            try copy.withUnsafeBytes { try feed($0) }
        }
    }

    /// Signals the end of the document; throws when it is incomplete or malformed.
    public func finish() throws {
        guard !finished else { return }
        if let rest = referenceFilter?.filter(UnsafeRawBufferPointer(start: nil, count: 0), final: true), !rest.isEmpty {
            try rest.withUnsafeBytes { try feedUnfiltered($0) }
        }
        try parse(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true)
        finished = true
        if !state.sawRootEnd {
            throw XMLParseError(kind: .truncated, line: state.line, message: "the document ended before its root element closed")
        }
    }

    /// Parses a whole document held in memory.
    public static func parse(
        _ bytes: some Sequence<UInt8>, handler: any XMLStreamHandler, replacingForbiddenCharacterReferences: Bool = false
    ) throws {
        let parser = XMLPushParser(handler: handler, replacingForbiddenCharacterReferences: replacingForbiddenCharacterReferences)
        try parser.feed(bytes)
        try parser.finish()
    }

    private func parse(_ chunk: UnsafeRawBufferPointer, terminate: Bool) throws {
        if let failure = state.failure { throw failure }
        let context = try contextCreatingIfNeeded()
        let result = xmlParseChunk(
            context, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), terminate ? 1 : 0)
        state.line = Int(xmlSAX2GetLineNumber(context))
        if let failure = state.failure { throw failure }
        if result != 0 {
            let error = xmlCtxtGetLastError(context)
            let message = error?.pointee.message.map { String(cString: $0) } ?? "libxml2 error \(result)"
            let line = error.map { Int($0.pointee.line) } ?? state.line
            let failure = XMLParseError(
                kind: state.sawRootEnd || state.depth > 0 || !terminate ? .malformed : .truncated,
                line: line, message: message.trimmingTrailingNewlines())
            state.failure = failure
            throw failure
        }
    }

    private func contextCreatingIfNeeded() throws -> xmlParserCtxtPtr {
        if let context { return context }
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { userData, localName, _, uri, _, _, attributeCount, _, attributes in
            ParserState.from(userData).startElement(localName, uri, Int(attributeCount), attributes)
        }
        sax.endElementNs = { userData, localName, _, uri in
            ParserState.from(userData).endElement(localName, uri)
        }
        sax.characters = { userData, bytes, count in
            ParserState.from(userData).characters(bytes, Int(count))
        }
        sax.cdataBlock = { userData, bytes, count in
            ParserState.from(userData).characters(bytes, Int(count))
        }
        sax.internalSubset = { userData, _, _, _ in
            ParserState.from(userData).refuse(
                XMLParseError(kind: .documentTypeDeclarationRefused, line: 0, message: "a DOCTYPE is not allowed"))
        }
        // A structured error handler keeps libxml2 from printing to stderr; errors are read back.
        sax.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard let created = xmlCreatePushParserCtxt(&sax, userData, nil, 0, nil) else {
            throw XMLParseError(kind: .malformed, line: 0, message: "libxml2 could not create a parser")
        }
        // NOENT makes libxml2 hand over `&amp;` in attribute values decoded; with a DTD refused
        // it can only ever concern the five predefined entities.
        xmlCtxtUseOptions(
            created,
            Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue))
        state.context = created
        context = created
        return created
    }
}

/// Everything the C callbacks reach through `userData`.
private final class ParserState {
    let handler: any XMLStreamHandler
    var context: xmlParserCtxtPtr?
    var failure: (any Error)?
    var depth = 0
    var sawRootEnd = false
    var line = 0
    /// libxml2 interns names and namespace URIs in the parser's dictionary, so a pointer
    /// identifies a string for the parser's lifetime: convert each one to Swift once.
    private var interned: [UnsafePointer<xmlChar>: String] = [:]

    init(handler: any XMLStreamHandler) { self.handler = handler }

    static func from(_ userData: UnsafeMutableRawPointer?) -> ParserState {
        Unmanaged<ParserState>.fromOpaque(userData!).takeUnretainedValue()
    }

    /// A direct-mapped cache in front of `interned`: a document uses few names, so most
    /// lookups end here without hashing.
    private var recentKeys = [UnsafePointer<xmlChar>?](repeating: nil, count: 512)
    private var recentValues = [String](repeating: "", count: 512)

    func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: pointer) >> 3) & 511
        if recentKeys[slot] == pointer { return recentValues[slot] }
        if let known = interned[pointer] {
            recentKeys[slot] = pointer
            recentValues[slot] = known
            return known
        }
        let made = String(cString: pointer)
        if let context, xmlDictOwns(context.pointee.dict, pointer) == 1 {
            interned[pointer] = made
            recentKeys[slot] = pointer
            recentValues[slot] = made
        }
        return made
    }

    func startElement(
        _ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ attributeCount: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil else { return }
        depth += 1
        var list: [XMLAttribute] = []
        if attributeCount > 0, let attributes {
            list.reserveCapacity(attributeCount)
            for index in 0..<attributeCount {
                let base = attributes + index * 5
                let start = base[3]!
                let end = base[4]!
                let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                list.append(XMLAttribute(name: XMLName(string(base[2]), string(base[0])), value: value))
            }
        }
        do { try handler.startElement(XMLName(string(uri), string(localName)), attributes: list) } catch { refuse(error) }
    }

    func endElement(_ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) {
        guard failure == nil else { return }
        depth -= 1
        if depth == 0 { sawRootEnd = true }
        do { try handler.endElement(XMLName(string(uri), string(localName))) } catch { refuse(error) }
    }

    func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard failure == nil, let bytes, count > 0 else { return }
        do { try handler.characters(UnsafeBufferPointer(start: bytes, count: count)) } catch { refuse(error) }
    }

    func refuse(_ error: any Error) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }
}
