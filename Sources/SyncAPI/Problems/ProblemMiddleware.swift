import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceConfiguration
import SyncStore

/// The outermost middleware: every error becomes an `application/problem+json` response.
///
/// Hummingbird's own errors (no route, body too large) keep their status; an unexpected error
/// is logged with its cause (every configured secret redacted) and answered with a 500 that says
/// nothing about it (it could hold data).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    var scrubber = SecretScrubber(secrets: [])
    /// Environments enrolled while serving bring secrets the configuration's scrubber never saw.
    var served: ServedEnvironments?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as APIProblem {
            return ProblemResponse.make(problem, path: request.uri.path)
        } catch let error as HTTPError {
            return ProblemResponse.make(Self.problem(for: error), path: request.uri.path)
        } catch is NIOTooManyBytesError {
            return ProblemResponse.make(Self.problem(for: HTTPError(.contentTooLarge)), path: request.uri.path)
        } catch {
            let scrubber = served.map { self.scrubber.adding($0.addedSecrets) } ?? self.scrubber
            // Store and service errors that mean something to the client (a missing record, a
            // version mismatch) keep their meaning wherever a route let them through.
            if let problem = APIProblem.from(error) { return ProblemResponse.make(problem, path: request.uri.path) }
            if case SyncStoreError.storageFailure = error {
                // The store is down or unreachable: the client retries, the operator reads why.
                logger.error(
                    "the state store failed answering \(request.method) \(request.uri.path)",
                    metadata: ["error": "\(scrubber.scrub(String(describing: error)))"])
                return ProblemResponse.make(.storeUnavailable, path: request.uri.path)
            }
            logger.error(
                "unexpected error answering \(request.method) \(request.uri.path)",
                metadata: [
                    "type": "\(String(reflecting: type(of: error)))", "error": "\(scrubber.scrub(String(describing: error)))",
                ])
            return ProblemResponse.make(
                APIProblem(
                    .internalServerError, kind: "internal", title: "Internal error",
                    detail: "The service failed to answer; the error is in its log."),
                path: request.uri.path)
        }
    }

    static func problem(for error: HTTPError) -> APIProblem {
        switch error.status {
        case .notFound:
            return .notFound("No such resource. The API's paths are listed in openapi/prextra-sync.yaml.")
        case .contentTooLarge:
            return APIProblem(
                .contentTooLarge, kind: "body-too-large", title: "Request body too large",
                detail: "The request body is larger than the service accepts.", field: "body")
        case .methodNotAllowed:
            return APIProblem(
                .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
                detail: "This path does not accept this method.")
        default:
            let status = error.status
            return APIProblem(
                status, kind: status.code >= 500 ? "internal" : "bad-request", title: status.reasonPhrase,
                detail: status.code >= 500 ? "The service failed to answer; the error is in its log." : "The request was refused.")
        }
    }
}
