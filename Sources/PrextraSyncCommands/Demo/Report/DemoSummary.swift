import ExchangeSimulator
import SyncEngine
import SyncStore

/// The closing numbers: what flowed in each direction per kind, conflicts, and the requests
/// Exchange and Entra ID received.
struct DemoSummary: Codable, Sendable {
    struct KindCounts: Codable, Sendable, Hashable {
        var kind: String
        var createdInOutlook = 0
        var updatedInOutlook = 0
        var deletedInOutlook = 0
        var createdInCRM = 0
        var updatedInCRM = 0
        var deletedInCRM = 0
        var linked = 0
        var skipped = 0
    }

    var kinds: [KindCounts]
    var decisions: Int
    var conflicts: Int
    /// HTTP requests to Exchange (EWS or Graph) by operation.
    var exchangeRequests: [String: Int]
    var exchangeRequestsTotal: Int
    /// Graph operations carried inside `$batch` requests, by operation (not in the above).
    var batchedOperations: [String: Int]
    /// HTTP requests the demo made itself to read items back for its checks (not in the above).
    var checkRequests: Int
    var tokenRequests: Int

    private static let batchPartPrefix = "Graph $batch "

    static func make(
        decisions: [DecisionEntry], conflicts: Int, requestLog: [EWSRequestRecord], excluding checks: [Range<Int>],
        tokenRequests: Int
    ) -> DemoSummary {
        var counts = Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { ($0, KindCounts(kind: $0.rawValue)) })
        for entry in decisions {
            let decision = entry.decision
            let kind = decision.record.entity
            let toOutlook = decision.target == .outlook || decision.target == .both
            let toCRM = decision.target == .crm || decision.target == .both
            switch decision.action {
            case .create:
                if toOutlook { counts[kind]?.createdInOutlook += 1 }
                if toCRM { counts[kind]?.createdInCRM += 1 }
            case .update:
                if toOutlook { counts[kind]?.updatedInOutlook += 1 }
                if toCRM { counts[kind]?.updatedInCRM += 1 }
            case .delete:
                if toOutlook { counts[kind]?.deletedInOutlook += 1 }
                if toCRM { counts[kind]?.deletedInCRM += 1 }
            case .link:
                counts[kind]?.linked += 1
            default:
                counts[kind]?.skipped += 1
            }
        }
        var requests: [String: Int] = [:]
        var batched: [String: Int] = [:]
        var checkRequests = 0
        for (index, request) in requestLog.enumerated() {
            let shape = EWSRequestRecord.shape(of: request.operation)
            // The simulator logs each operation of a Graph `$batch` too, after the batch's own request.
            let batchPart = shape.hasPrefix(Self.batchPartPrefix) ? String(shape.dropFirst(Self.batchPartPrefix.count)) : nil
            if checks.contains(where: { $0.contains(index) }) {
                if batchPart == nil { checkRequests += 1 }
            } else if let batchPart {
                batched[batchPart, default: 0] += 1
            } else {
                requests[shape, default: 0] += 1
            }
        }
        return DemoSummary(
            kinds: EntityKind.allCases.compactMap { counts[$0] }, decisions: decisions.count, conflicts: conflicts,
            exchangeRequests: requests, exchangeRequestsTotal: requests.values.reduce(0, +), batchedOperations: batched,
            checkRequests: checkRequests, tokenRequests: tokenRequests)
    }
}
