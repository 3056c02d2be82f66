/// Rewrites character references to characters XML 1.0 forbids into `&#xFFFD;` (the
/// replacement character) as a document streams in.
///
/// Exchange writes a stray control character of a subject or a body (U+001A from a legacy
/// system, U+0000 from a broken client) as a character reference such as `&#x1A;`, which no
/// conforming XML 1.0 parser accepts: the whole response fails, and the mailbox with it, on
/// every cycle. With this filter that message costs one character, shown as U+FFFD. Only
/// complete, well-formed references to forbidden code points are touched (C0 controls but tab,
/// line feed and carriage return; surrogates; U+FFFE, U+FFFF; beyond U+10FFFF); everything else
/// reaches the parser byte for byte. A reference split across two chunks is held until the
/// next one.
public struct ForbiddenCharacterReferenceFilter: Sendable {
    /// The bytes of a possible reference cut by the end of the previous chunk.
    private var held: [UInt8] = []

    public init() {}

    /// `&#x`, digits (leading zeros included) and `;`: longer runs are left to the parser, and
    /// at most this much is ever held between chunks.
    static let longestReference = 32
    static let replacement = Array("&#xFFFD;".utf8)

    /// The bytes to parse in place of `chunk`, or nil when they are `chunk` itself (the usual case:
    /// nothing rewritten, nothing held). With `final`, nothing is held back.
    public mutating func filter(_ chunk: UnsafeRawBufferPointer, final: Bool) -> [UInt8]? {
        if held.isEmpty {
            guard chunk.contains(UInt8(ascii: "&")) else { return nil }
            return rewrite(chunk, final: final)
        }
        var joined = held
        joined.append(contentsOf: chunk)
        held = []
        return joined.withUnsafeBytes { rewrite($0, final: final) ?? joined }
    }

    private mutating func rewrite(_ input: UnsafeRawBufferPointer, final: Bool) -> [UInt8]? {
        var output: [UInt8]?
        var copied = 0
        var index = 0
        let count = input.count
        func copy(upTo end: Int) {
            if output == nil { output = []; output!.reserveCapacity(count + 16) }
            output!.append(contentsOf: input[copied..<end])
            copied = end
        }
        while index < count {
            guard input[index] == UInt8(ascii: "&") else { index += 1; continue }
            let start = index
            switch Self.reference(in: input, at: start) {
            case .incomplete where !final:
                copy(upTo: start)
                held = Array(input[start..<count])
                copied = count
                return output
            case .forbidden(let end):
                copy(upTo: start)
                output!.append(contentsOf: Self.replacement)
                copied = end
                index = end
            case .allowed(let end):
                index = end
            case .notAReference, .incomplete:
                index = start + 1
            }
        }
        guard output != nil else { return nil }
        copy(upTo: count)
        return output
    }

    enum Reading: Equatable {
        /// A well-formed reference to a character XML allows; `end` is past its `;`.
        case allowed(end: Int)
        case forbidden(end: Int)
        /// Not a character reference (an entity such as `&amp;`, or something malformed).
        case notAReference
        /// The input ends before the reference could be read.
        case incomplete
    }

    static func reference(in input: UnsafeRawBufferPointer, at start: Int) -> Reading {
        let count = input.count
        var index = start + 1
        guard index < count else { return .incomplete }
        guard input[index] == UInt8(ascii: "#") else { return .notAReference }
        index += 1
        guard index < count else { return .incomplete }
        let hexadecimal = input[index] == UInt8(ascii: "x")
        if hexadecimal { index += 1 }
        var value: UInt32 = 0
        var digits = 0
        while index < count, index - start < longestReference {
            let byte = input[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hexadecimal: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hexadecimal: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: ";"):
                guard digits > 0 else { return .notAReference }
                return isAllowed(value) ? .allowed(end: index + 1) : .forbidden(end: index + 1)
            default:
                return .notAReference
            }
            value = min(value * (hexadecimal ? 16 : 10) + digit, 0x11_0000)
            digits += 1
            index += 1
        }
        return index >= count && index - start < longestReference ? .incomplete : .notAReference
    }

    /// XML 1.0's `Char` production.
    static func isAllowed(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }
}
