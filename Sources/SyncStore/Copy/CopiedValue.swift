import Foundation

/// One column value of a row being copied between stores, as SQLite stored it.
public enum CopiedValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A row being copied: its values in column order.
public struct CopiedRow: Sendable, Hashable {
    public var values: [CopiedValue]
}
