import Hummingbird
import SyncEngine
import SyncStore

/// The decision log ("why is this item like this?") and the conflicts, newest first, paged
/// with `before` (the `next` of the previous page).
struct HistoryRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver

    static let defaultLimit: Int64 = 100
    static let maxLimit: Int64 = 500

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/environments/:environment/decisions") { request, context in
            let environment = try environments.resolve(context)
            let filter = try Filter(request)
            let itemID = RequestInput.query("itemId", in: request)
            if let itemID, itemID.isEmpty || itemID.count > 1024 {
                throw APIProblem.invalid("itemId", "must have 1 to 1024 characters.")
            }
            let entries = try await store.decisions(
                environment: environment,
                matching: DecisionQuery(
                    mailbox: filter.mailbox, record: filter.record, itemID: itemID, before: filter.before,
                    limit: Int(filter.limit)))
            let next = entries.count == Int(filter.limit) ? entries.last.map { String($0.id) } : nil
            return try JSONResponse.make(
                .ok,
                DecisionPageRepresentation(environment: environment, decisions: entries.map(DecisionRepresentation.init), next: next))
        }
        router.get("/v1/environments/:environment/conflicts") { request, context in
            let environment = try environments.resolve(context)
            let filter = try Filter(request)
            let entries = try await store.conflicts(
                environment: environment,
                matching: ConflictQuery(mailbox: filter.mailbox, record: filter.record, before: filter.before, limit: Int(filter.limit)))
            let next = entries.count == Int(filter.limit) ? entries.last.map { String($0.id) } : nil
            return try JSONResponse.make(
                .ok,
                ConflictPageRepresentation(environment: environment, conflicts: entries.map(ConflictRepresentation.init), next: next))
        }
    }

    /// The query parameters both lists share.
    struct Filter {
        var mailbox: MailboxAddress?
        var record: RecordKey?
        var before: Int64?
        var limit: Int64

        init(_ request: Request) throws(APIProblem) {
            mailbox = try RequestInput.query("mailbox", in: request).map { text throws(APIProblem) in
                try RequestInput.mailboxAddress(text, field: "mailbox")
            }
            let entity = try RequestInput.entity("entity", in: request)
            if let id = RequestInput.query("id", in: request) {
                guard let entity else { throw .invalid("entity", "is required with id.") }
                guard !id.isEmpty, id.count <= 256 else { throw .invalid("id", "must have 1 to 256 characters.") }
                record = RecordKey(entity, RecordID(id))
            }
            before = try RequestInput.integer("before", in: request, range: 1...Int64.max)
            limit = try RequestInput.integer("limit", in: request, range: 1...HistoryRoutes.maxLimit) ?? HistoryRoutes.defaultLimit
        }
    }
}
