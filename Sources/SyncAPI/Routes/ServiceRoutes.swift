import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SyncStore

/// `/healthz` (the process answers), `/readyz` (the store answers and the sync service is
/// ready; each configured environment's state is listed, and a broken environment never makes
/// the process unready), `/metrics` (Prometheus text; needs a key valid for every environment),
/// and `GET /v1/environments` (the environments the key may act on).
struct ServiceRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver
    let operations: (any SyncOperations)?
    let metrics: APIMetrics

    struct Health: Encodable {
        var status: String
    }

    struct Readiness: Encodable {
        var status: String
        var environments: [EnvironmentReadiness]
    }

    /// One environment's state for `/readyz`: counts only, no address or message (the endpoint
    /// needs no key).
    struct EnvironmentReadiness: Encodable {
        var name: String
        /// `ok`; `degraded` (some enrolled mailboxes' last cycle failed); `failing` (all of
        /// them); `idle` (no enrolled mailbox); `unavailable` (the service could not start it).
        var state: String
        var enrolledMailboxes: Int
        var failingMailboxes: Int
    }

    /// The served environments' states, from the store and the running service.
    func readiness() async throws -> [EnvironmentReadiness] {
        let unavailable = await operations?.unavailableEnvironments() ?? [:]
        var result: [EnvironmentReadiness] = []
        for name in environments.names {
            if unavailable[name] != nil {
                result.append(EnvironmentReadiness(name: name, state: "unavailable", enrolledMailboxes: 0, failingMailboxes: 0))
                continue
            }
            let overview = try await EnvironmentOverview.read(name, store: store, unavailableReason: nil)
            let enrolled = overview.enrolled
            result.append(
                EnvironmentReadiness(
                    name: name, state: overview.state, enrolledMailboxes: enrolled.count,
                    failingMailboxes: enrolled.filter { $0.lastFailure != nil }.count))
        }
        return result
    }

    struct EnvironmentSummary: Encodable {
        var name: String
        var mailboxes: Int
        var enrolledMailboxes: Int
        var failingMailboxes: Int
        /// The cursor of the newest Outlook change.
        var changesHead: String
        var undeliveredWebhooks: Int
        /// The API the service last chose; absent before a service ran the environment.
        var api: APIChoiceRepresentation?
    }

    struct EnvironmentList: Encodable {
        var environments: [EnvironmentSummary]
    }

    func add(to router: Router<APIRequestContext>) {
        router.get("/healthz") { _, _ in try JSONResponse.make(.ok, Health(status: "ok")) }
        router.get("/readyz") { _, _ in
            let states: [EnvironmentReadiness]
            do {
                _ = try await store.environments()
                states = try await readiness()
            } catch {
                throw APIProblem(
                    .serviceUnavailable, kind: "not-ready", title: "Not ready", detail: "The state store does not answer.")
            }
            if let operations, !(await operations.isReady()) {
                throw APIProblem(
                    .serviceUnavailable, kind: "not-ready", title: "Not ready",
                    detail: "The synchronization service is still starting.")
            }
            return try JSONResponse.make(.ok, Readiness(status: "ready", environments: states))
        }
        router.get("/metrics") { _, context in
            guard context.client?.isUnscoped == true else {
                throw APIProblem(
                    .forbidden, kind: "environment-not-allowed", title: "Key scoped to environments",
                    detail: "Metrics cover every environment; use a key that is not limited to some.")
            }
            metrics.recordCredentialExpiry(await operations?.environmentFacts() ?? [], now: Date())
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.get("/v1/environments") { _, context in
            guard let client = context.client else { throw APIProblem.unauthenticated }
            var summaries: [EnvironmentSummary] = []
            for name in environments.visible(to: client) {
                let overview = try await EnvironmentOverview.read(name, store: store, unavailableReason: nil)
                summaries.append(
                    EnvironmentSummary(
                        name: name, mailboxes: overview.mailboxes.count, enrolledMailboxes: overview.enrolled.count,
                        failingMailboxes: overview.failingMailboxes, changesHead: String(overview.stored?.outlookFeedHead.rawValue ?? 0),
                        undeliveredWebhooks: overview.undeliveredWebhooks, api: overview.stored?.apiChoice.map(APIChoiceRepresentation.init)))
            }
            return try JSONResponse.make(.ok, EnvironmentList(environments: summaries))
        }
    }
}
