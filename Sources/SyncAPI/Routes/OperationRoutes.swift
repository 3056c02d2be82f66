import Hummingbird
import SyncEngine
import SyncStore

/// Operations: trigger a sync now (environment or mailbox), and `verify`.
struct OperationRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver
    let operations: (any SyncOperations)?

    func add(to router: Router<APIRequestContext>) {
        router.post("/v1/environments/:environment/sync") { _, context in
            let environment = try environments.resolve(context)
            return try await sync(environment: environment, mailbox: nil)
        }
        router.post("/v1/environments/:environment/mailboxes/:address/sync") { _, context in
            let environment = try environments.resolve(context)
            let address = try RequestInput.mailboxAddress(
                try RequestInput.pathParameter("address", in: context), field: "address")
            guard let status = try await store.mailbox(environment: environment, address: address), status.state == .enrolled
            else {
                throw APIProblem.notFound(APIProblem.mailboxNotEnrolled, field: "address")
            }
            return try await sync(environment: environment, mailbox: address)
        }
        router.post("/v1/environments/:environment/verify") { request, context in
            let environment = try environments.resolve(context)
            let mailbox = try RequestInput.query("mailbox", in: request).map { text throws(APIProblem) in
                try RequestInput.mailboxAddress(text, field: "mailbox")
            }
            let operations = try available()
            let summary = await operations.verify(environment: environment, mailbox: mailbox)
            return try JSONResponse.make(.ok, summary)
        }
    }

    func sync(environment: String, mailbox: MailboxAddress?) async throws -> Response {
        let operations = try available()
        do {
            let receipt = try await operations.requestSync(environment: environment, mailbox: mailbox)
            return try JSONResponse.make(.accepted, receipt)
        } catch {
            throw APIProblem.from(error) ?? error
        }
    }

    func available() throws(APIProblem) -> any SyncOperations {
        guard let operations else {
            throw APIProblem(
                .conflict, kind: "sync-service-not-running", title: "Sync service not running",
                detail: "This process serves the API without the synchronization service; start it with prextra-sync serve.")
        }
        return operations
    }
}
