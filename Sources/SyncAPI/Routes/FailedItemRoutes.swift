import Hummingbird
import SyncEngine
import SyncStore

/// Failed items: the Outlook writes the server refused (see `FailedItem`). List them, ask for a
/// retry (`POST …/retry`: the mailbox's next cycle writes it again), or dismiss one (`DELETE`).
struct FailedItemRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/environments/:environment/failures") { request, context in
            let environment = try environments.resolve(context)
            let mailbox = try RequestInput.query("mailbox", in: request).map { text throws(APIProblem) in
                try RequestInput.mailboxAddress(text, field: "mailbox")
            }
            let failures = try await store.failedItems(environment: environment, mailbox: mailbox)
            return try JSONResponse.make(
                .ok, FailedItemListRepresentation(environment: environment, failures: failures.map(FailedItemRepresentation.init)))
        }
        router.post("/v1/environments/:environment/failures/:failureId/retry") { _, context in
            let (environment, id) = try resolve(context)
            guard let failure = try await store.retryFailedItem(environment: environment, id: id) else {
                throw Self.notFound
            }
            return try JSONResponse.make(.ok, FailedItemRepresentation(failure))
        }
        router.delete("/v1/environments/:environment/failures/:failureId") { _, context in
            let (environment, id) = try resolve(context)
            guard try await store.dismissFailedItem(environment: environment, id: id) else {
                throw Self.notFound
            }
            return Response(status: .noContent)
        }
    }

    func resolve(_ context: APIRequestContext) throws(APIProblem) -> (String, Int64) {
        let environment = try environments.resolve(context)
        let text = try RequestInput.pathParameter("failureId", in: context)
        guard let id = Int64(text), id > 0 else { throw .invalid("failureId", "must be a failure's id, a positive integer.") }
        return (environment, id)
    }

    static let notFound = APIProblem.notFound(
        "No failed item with this id in this environment (a successful write or a dismissal removes it).", field: "failureId")
}
