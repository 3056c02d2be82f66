/// A Graph resource path built from segments, each percent-encoded so that an id containing `/`,
/// `=` or `+` stays one segment (`AAMk…=` becomes `AAMk…%3D`).
struct GraphPath: Sendable {
    private(set) var segments: [String]
    /// Segments written as they are (`$batch`, `calendarView/delta` names), not user data.
    private(set) var literal: [Bool]

    init() {
        segments = []
        literal = []
    }

    /// `/users/{mailbox}`.
    static func user(_ mailbox: String) -> GraphPath {
        GraphPath().appending("users").appending(id: mailbox)
    }

    func appending(_ name: String) -> GraphPath {
        var copy = self
        copy.segments.append(name)
        copy.literal.append(true)
        return copy
    }

    func appending(id: String) -> GraphPath {
        var copy = self
        copy.segments.append(id)
        copy.literal.append(false)
        return copy
    }

    /// `/users/u1/events/AAMk%3D`: relative to the service root; the form `$batch` items use.
    var rendered: String {
        zip(segments, literal).map { "/" + ($1 ? $0 : Self.encodeSegment($0)) }.joined()
    }

    /// Keeps RFC 3986 unreserved characters (and `@`, which a UPN carries and a path allows); encodes everything else.
    static func encodeSegment(_ value: String) -> String {
        encode(value, keeping: Self.unreserved.union([UInt8(ascii: "@")]))
    }

    /// Query values: unreserved characters and `$`-free punctuation that OData reads literally stay,
    /// the rest (spaces, quotes, braces, `/`, `:`, `=`, `+`, `&`) is encoded.
    static func encodeQueryValue(_ value: String) -> String {
        encode(value, keeping: Self.unreserved)
    }

    private static let unreserved: Set<UInt8> = Set(
        Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
            + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")])

    private static func encode(_ value: String, keeping: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if keeping.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
