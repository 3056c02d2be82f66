import Foundation
import HTTPTypes

/// An error a route throws to answer with a problem document. The problem middleware turns
/// it into the response; anything else thrown becomes a generic 500 without detail.
public struct APIProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// The last part of the problem type URI, e.g. `invalid-field`.
    public var kind: String
    public var title: String
    public var detail: String
    public var field: String?
    public var currentETag: String?
    public var retryAfterSeconds: Int?
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`, `ETag`).
    public var headers: [(HTTPField.Name, String)] = []

    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String, field: String? = nil,
        currentETag: String? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.field = field
        self.currentETag = currentETag
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The base of every problem type URI; the documentation lists the kinds.
    public static let typeBase = "https://prextra.example/problems/"

    public func details(instance: String?) -> ProblemDetails {
        ProblemDetails(
            type: Self.typeBase + kind, title: title, status: Int(status.code), detail: detail, instance: instance,
            field: field, currentETag: currentETag, retryAfterSeconds: retryAfterSeconds)
    }

    public var description: String { "\(status.code) \(kind): \(detail)\(field.map { " (field \($0))" } ?? "")" }

    public static func == (lhs: APIProblem, rhs: APIProblem) -> Bool {
        lhs.status == rhs.status && lhs.kind == rhs.kind && lhs.detail == rhs.detail && lhs.field == rhs.field
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status.code)
        hasher.combine(kind)
        hasher.combine(detail)
        hasher.combine(field)
    }
}

extension APIProblem {
    /// 503: the state store does not answer; nothing was written, and the client sends again.
    static var storeUnavailable: APIProblem {
        var problem = APIProblem(
            .serviceUnavailable, kind: "store-unavailable", title: "State store unavailable",
            detail: "The service's state store does not answer; nothing was written. Send the request again in a moment.",
            retryAfterSeconds: 5)
        problem.headers = [(.retryAfter, "5")]
        return problem
    }

    /// 400: a parameter, header or body field does not have the expected shape.
    static func invalid(_ field: String, _ detail: String) -> APIProblem {
        APIProblem(.badRequest, kind: "invalid-field", title: "Invalid field", detail: detail, field: field)
    }

    /// 422: the body is well-formed JSON but a field breaks a rule of the record type.
    static func unprocessable(_ field: String, _ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, kind: "invalid-record", title: "Invalid record", detail: detail, field: field)
    }

    static func notFound(_ detail: String, field: String? = nil) -> APIProblem {
        APIProblem(.notFound, kind: "not-found", title: "Not found", detail: detail, field: field)
    }

    static var unauthenticated: APIProblem {
        var problem = APIProblem(
            .unauthorized, kind: "unauthenticated", title: "Authentication required",
            detail: "Send a valid API key as Authorization: Bearer <key>.", field: "Authorization")
        problem.headers = [(.wwwAuthenticate, "Bearer realm=\"prextra-sync\"")]
        return problem
    }

    static var forbiddenEnvironment: APIProblem {
        APIProblem(
            .forbidden, kind: "environment-not-allowed", title: "Environment not allowed",
            detail: "This API key is not allowed to act on this environment.", field: "environment")
    }
}
