/// The primary SMTP address of an enrolled mailbox, compared case-insensitively.
public struct MailboxAddress: Codable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The address in lower case, as stored and compared.
    public let rawValue: String

    public init(_ address: String) {
        rawValue = address.trimmingWhitespace().lowercased()
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: MailboxAddress, rhs: MailboxAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
