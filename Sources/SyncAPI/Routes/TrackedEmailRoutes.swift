import Hummingbird
import SyncStore

/// `GET …/emails`: the e-mails tracked from Outlook, each at its last change, after a cursor;
/// `GET …/emails/{id}`: one of them, by the id the change feed names.
struct TrackedEmailRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/environments/:environment/emails") { request, context in
            let environment = try environments.resolve(context)
            let after = try RequestInput.integer("after", in: request, range: 0...999_999_999_999_999_999) ?? 0
            let limit = Int(try RequestInput.integer("limit", in: request, range: 1...1000) ?? 100)
            // One more than asked tells whether more follow.
            let emails = try await store.trackedEmails(environment: environment, after: after, limit: limit + 1)
            let page = Array(emails.prefix(limit))
            return try JSONResponse.make(
                .ok,
                TrackedEmailPageRepresentation(
                    environment: environment, emails: page.map(TrackedEmailRepresentation.init),
                    next: String(page.last?.position ?? after), hasMore: emails.count > limit))
        }
        router.get("/v1/environments/:environment/emails/:id") { _, context in
            let environment = try environments.resolve(context)
            let id = try RequestInput.recordID(in: context)
            guard let email = try await store.trackedEmail(record: id, environment: environment) else {
                throw APIProblem.notFound("No tracked e-mail \(id.rawValue) in \(environment).", field: "id")
            }
            return try JSONResponse.make(.ok, TrackedEmailRepresentation(email))
        }
    }
}
