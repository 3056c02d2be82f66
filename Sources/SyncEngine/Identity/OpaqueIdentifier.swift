/// A string the engine never looks into: an id or a version handed out by one side. Conforming
/// types get their initializers, text form and ordering here, and their single-string Codable
/// form from `RawRepresentable`.
public protocol OpaqueIdentifier: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String
{
    init(rawValue: String)
}

extension OpaqueIdentifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
}

extension OpaqueIdentifier where Self: Comparable {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
