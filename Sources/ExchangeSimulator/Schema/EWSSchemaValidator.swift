import CLibXML2
import Foundation

/// Validates EWS XML against the official Exchange Web Services schema (`messages.xsd`,
/// `types.xsd`), with libxml2.
///
/// A SOAP envelope is validated the way Exchange does it: each child of `soap:Header`
/// and each child of `soap:Body` against the EWS schema (the envelope itself is not part
/// of that schema). A document whose root is not an envelope is validated as one element.
///
/// The schema copy is the one in `Resources/EWSSchema`, with the single patch libxml2 needs
/// (see `docs/architecture.md`): `ArrayOfTransitionsType` accepts its members in any order.
public final class EWSSchemaValidator: Sendable {
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        /// Column, when libxml2 reports one (0 otherwise).
        public var column: Int = 0
        public var description: String { "line \(line): \(message)" }
    }

    public enum ValidationError: Error, CustomStringConvertible {
        case schemaNotFound(String)
        case schemaDidNotLoad(String)
        public var description: String {
            switch self {
            case .schemaNotFound(let path): "EWS schema not found at \(path)"
            case .schemaDidNotLoad(let path): "libxml2 could not load the EWS schema at \(path)"
            }
        }
    }

    static let soapEnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"

    /// The schema, parsed once. libxml2 allows concurrent validations against one parsed
    /// schema as long as each uses its own validation context.
    private nonisolated(unsafe) let schema: xmlSchemaPtr

    /// The validator for the schema shipped with the simulator, loaded on first use.
    public static let shared: EWSSchemaValidator = {
        do {
            return try EWSSchemaValidator(schemaDirectory: bundledSchemaDirectory)
        } catch {
            fatalError("\(error)")
        }
    }()

    public static var bundledSchemaDirectory: URL {
        // `.copy("Resources")` keeps the folder itself; Foundation on Linux reports the bundle
        // folder, Darwin its `Resources` subfolder, so ask for the folder by name.
        Bundle.module.url(forResource: "EWSSchema", withExtension: nil, subdirectory: "Resources")
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources/EWSSchema", isDirectory: true)
    }

    public init(schemaDirectory: URL) throws {
        xmlInitParser()
        let entry = schemaDirectory.appendingPathComponent("ews-validate.xsd").path
        guard FileManager.default.fileExists(atPath: entry) else { throw ValidationError.schemaNotFound(entry) }
        guard let parserContext = xmlSchemaNewParserCtxt(entry) else { throw ValidationError.schemaDidNotLoad(entry) }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        xmlSchemaSetParserStructuredErrors(parserContext, { _, _ in }, nil)
        guard let parsed = xmlSchemaParse(parserContext) else { throw ValidationError.schemaDidNotLoad(entry) }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates a document; an empty result means it is valid.
    ///
    /// - Parameter acceptingForbiddenCharacterReferences: for the simulator's own responses, which
    ///   write a character XML 1.0 forbids as Exchange does (`&#x1A;`): the structure is checked as
    ///   if each such reference were U+FFFD. Requests are always held to XML 1.0.
    public func violations(in data: Data, acceptingForbiddenCharacterReferences: Bool = false) -> [Violation] {
        if acceptingForbiddenCharacterReferences, let readable = XMLWriter.forbiddenCharacterReferencesReplaced(in: data) {
            return violations(in: readable)
        }
        let collector = ViolationCollector()
        let document: xmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return xmlReadMemory(
                base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), "request.xml", "utf-8",
                Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            if let document { xmlFreeDoc(document) }
            return [Violation(line: 0, message: "The request is not well-formed XML.")]
        }
        defer { xmlFreeDoc(document) }
        for element in elementsToValidate(root: root) {
            validate(element, collector: collector)
        }
        return collector.violations
    }

    public func isValid(_ data: Data) -> Bool { violations(in: data).isEmpty }

    private func elementsToValidate(root: xmlNodePtr) -> [xmlNodePtr] {
        guard Self.isElement(root, named: "Envelope", namespace: Self.soapEnvelopeNamespace) else { return [root] }
        var elements: [xmlNodePtr] = []
        for part in Self.childElements(of: root)
        where Self.isElement(part, named: "Header", namespace: Self.soapEnvelopeNamespace)
            || Self.isElement(part, named: "Body", namespace: Self.soapEnvelopeNamespace)
        {
            elements.append(contentsOf: Self.childElements(of: part))
        }
        return elements
    }

    private func validate(_ element: xmlNodePtr, collector: ViolationCollector) {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            collector.violations.append(Violation(line: 0, message: "libxml2 could not create a validation context"))
            return
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let box = Unmanaged.passUnretained(collector).toOpaque()
        xmlSchemaSetValidStructuredErrors(
            context,
            { userData, error in
                guard let userData, let error else { return }
                let collector = Unmanaged<ViolationCollector>.fromOpaque(userData).takeUnretainedValue()
                let message = error.pointee.message.map { String(cString: $0) } ?? "schema violation"
                collector.violations.append(
                    Violation(
                        line: Int(error.pointee.line),
                        message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                        column: Int(error.pointee.int2)))
            }, box)
        let result = xmlSchemaValidateOneElement(context, element)
        if result != 0 && collector.violations.isEmpty {
            collector.violations.append(Violation(line: Int(xmlGetLineNo(element)), message: "schema violation"))
        }
    }

    static func childElements(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    static func isElement(_ node: xmlNodePtr, named name: String, namespace: String) -> Bool {
        guard let localName = node.pointee.name, String(cString: localName) == name else { return false }
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return false }
        return String(cString: href) == namespace
    }
}

/// Collects libxml2's structured errors during one validation (one thread at a time).
private final class ViolationCollector {
    var violations: [EWSSchemaValidator.Violation] = []
}
