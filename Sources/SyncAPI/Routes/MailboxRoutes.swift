import Hummingbird
import SyncEngine
import SyncStore

/// Mailboxes: list, enrol (`PUT`), status (`GET`), disable (`DELETE`, links and cursors kept).
struct MailboxRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/environments/:environment/mailboxes") { request, context in
            let environment = try environments.resolve(context)
            let state: MailboxState?
            if let text = RequestInput.query("state", in: request) {
                guard let parsed = MailboxState(rawValue: text) else {
                    throw APIProblem.invalid("state", "must be enrolled or disabled.")
                }
                state = parsed
            } else {
                state = nil
            }
            let mailboxes = try await store.mailboxes(environment: environment, state: state)
            return try JSONResponse.make(
                .ok,
                MailboxListRepresentation(
                    environment: environment, mailboxes: try await MailboxRepresentation.list(mailboxes, environment: environment, store: store)))
        }
        let path = RouterPath("/v1/environments/:environment/mailboxes/:address")
        router.put(path) { _, context in
            let (environment, address) = try resolve(context)
            let existing = try await store.mailbox(environment: environment, address: address)
            let status = try await store.enrolMailbox(environment: environment, address: address)
            return try JSONResponse.make(existing == nil ? .created : .ok, try await representation(status))
        }
        router.get(path) { _, context in
            let (environment, address) = try resolve(context)
            guard let status = try await store.mailbox(environment: environment, address: address) else {
                throw APIProblem.notFound(APIProblem.mailboxNotEnrolled, field: "address")
            }
            return try JSONResponse.make(.ok, try await representation(status))
        }
        router.delete(path) { _, context in
            let (environment, address) = try resolve(context)
            do {
                try await store.disableMailbox(environment: environment, address: address)
            } catch {
                throw APIProblem.from(error) ?? error
            }
            guard let status = try await store.mailbox(environment: environment, address: address) else {
                throw APIProblem.notFound(APIProblem.mailboxNotEnrolled, field: "address")
            }
            return try JSONResponse.make(.ok, try await representation(status))
        }
    }

    func representation(_ status: MailboxStatus) async throws -> MailboxRepresentation {
        try await MailboxRepresentation.list([status], environment: status.environment, store: store)[0]
    }

    func resolve(_ context: APIRequestContext) throws(APIProblem) -> (String, MailboxAddress) {
        let environment = try environments.resolve(context)
        let text = try RequestInput.pathParameter("address", in: context)
        return (environment, try RequestInput.mailboxAddress(text, field: "address"))
    }
}
