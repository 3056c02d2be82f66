import Foundation

/// Opaque ItemIds, FolderIds and ChangeKeys. They are base64 like Exchange's; a value the
/// simulator did not mint is malformed.
enum Identifiers {
    private static let itemMarker: [UInt8] = Array("SIMI".utf8)
    private static let folderMarker: [UInt8] = Array("SIMF".utf8)
    private static let occurrenceMarker: [UInt8] = Array("SIMO".utf8)
    private static let changeKeyMarker: [UInt8] = Array("CQAA".utf8)
    private static let immutableMarker: [UInt8] = Array("SIMU".utf8)
    private static let subscriptionMarker: [UInt8] = Array("SIMS".utf8)

    static func newItemId() -> String { mint(itemMarker) }
    static func newFolderId() -> String { mint(folderMarker) }
    /// An item's immutable id: minted once, kept across folder moves (Graph's `ImmutableId`).
    static func newImmutableId() -> String { mint(immutableMarker) }
    /// An opaque, base64 streaming subscription id, as Exchange's look.
    static func newSubscriptionId() -> String { mint(subscriptionMarker) }
    static func isImmutableId(_ id: String) -> Bool { has(id, marker: immutableMarker, length: 20) }

    static func newChangeKey(version: Int) -> String {
        var bytes = changeKeyMarker
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: version).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: random(12))
        return Data(bytes).base64EncodedString()
    }

    static func isItemId(_ id: String) -> Bool { has(id, marker: itemMarker, length: 20) }
    static func isFolderId(_ id: String) -> Bool { has(id, marker: folderMarker, length: 20) }
    static func isChangeKey(_ key: String) -> Bool { has(key, marker: changeKeyMarker, length: 20) }

    /// An occurrence of a recurring master: the master's id and the occurrence's original start.
    static func occurrenceId(masterId: String, originalStart: Date) -> String {
        var bytes = occurrenceMarker
        bytes.append(contentsOf: Data(base64Encoded: masterId) ?? Data())
        withUnsafeBytes(of: Int64(originalStart.timeIntervalSince1970).bigEndian) { bytes.append(contentsOf: $0) }
        return Data(bytes).base64EncodedString()
    }

    static func parseOccurrenceId(_ id: String) -> (masterId: String, originalStart: Date)? {
        guard let data = Data(base64Encoded: id), data.count == 4 + 20 + 8,
            Array(data.prefix(4)) == occurrenceMarker
        else { return nil }
        let master = Data(data.dropFirst(4).prefix(20)).base64EncodedString()
        let seconds = data.suffix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        return (master, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func mint(_ marker: [UInt8]) -> String {
        Data(marker + random(16)).base64EncodedString()
    }

    private static func has(_ value: String, marker: [UInt8], length: Int) -> Bool {
        guard let data = Data(base64Encoded: value), data.count == length else { return false }
        return Array(data.prefix(marker.count)) == marker
    }

    private static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
