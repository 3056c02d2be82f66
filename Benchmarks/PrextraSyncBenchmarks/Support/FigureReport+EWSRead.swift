import Foundation

/// The rows every EWS read benchmark reports: the client's peak memory, then the requests made
/// by operation against the floor (absolute, and with GetItem batched per SyncFolderItems page).
extension FigureReport {
    mutating func addEWSRead(
        memoryBefore before: ProcessMemory?, after: ProcessMemory?, counts: [String: Int], minimum: Int, perPageMinimum: Int,
        failed: Int
    ) {
        if let before, let after {
            add("client peak RSS", bytes: after.peakBytes)
            add("client peak RSS over start", bytes: after.peakBytes - before.residentBytes)
        }
        let made = counts.values.reduce(0, +)
        add("EWS requests made", count: made)
        add("  SyncFolderItems", count: counts["SyncFolderItems", default: 0])
        add("  GetItem", count: counts["GetItem", default: 0])
        add("theoretical minimum", count: minimum)
        add("minimum, GetItem batched per page", count: perPageMinimum)
        add("requests / minimum", String(format: "%.2f", Double(made) / Double(minimum)), number: Double(made) / Double(minimum))
        add("failed requests", count: failed)
    }
}
