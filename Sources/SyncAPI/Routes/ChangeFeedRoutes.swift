import Hummingbird
import SyncStore

/// `GET /v1/environments/{environment}/changes?after=&limit=`: the Outlook side's changes,
/// in order, durable. The ERP keeps `next` and resumes after it, also after a restart.
struct ChangeFeedRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver

    static let defaultLimit: Int64 = 100
    static let maxLimit: Int64 = 1_000

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/environments/:environment/changes") { request, context in
            try await self.changes(request: request, context: context)
        }
    }

    func changes(request: Request, context: APIRequestContext) async throws -> Response {
        let environment = try environments.resolve(context)
        let after = try RequestInput.integer("after", in: request, range: 0...Int64.max) ?? 0
        let limit = try RequestInput.integer("limit", in: request, range: 1...Self.maxLimit) ?? Self.defaultLimit
        let page = try await store.outlookChanges(environment: environment, after: FeedPosition(after), limit: Int(limit))
        return try JSONResponse.make(
            .ok,
            ChangePageRepresentation(
                environment: environment, changes: page.changes.map(ChangeRepresentation.init),
                next: String(page.next.rawValue), hasMore: page.hasMore))
    }
}
