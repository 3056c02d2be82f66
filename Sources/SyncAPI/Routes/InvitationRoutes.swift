import Foundation
import Hummingbird
import Onboarding
import SyncStore

/// `GET|POST /v1/onboarding/invitations`: the onboarding links, as `onboard invite` and the
/// dashboard make them. Keys limited to some environments get 403 (an invitation makes a new
/// environment); without a secrets key and a public URL, 409 `onboarding-off`.
struct InvitationRoutes: Sendable {
    let store: any SyncStore
    let issuer: InvitationIssuer?
    /// The configuration file's environments: an invitation under one of their names is told it
    /// will not win.
    let configured: [String]
    let limits: APILimits

    struct InvitationRepresentation: Encodable {
        var environment: String
        var language: String
        var createdAt: Date
        var expiresAt: Date
        /// `waiting`, `used`, `expired`.
        var status: String
        var link: String?
        var notice: String?

        init(_ invitation: OnboardingInvitation, now: Date, link: String? = nil, notice: String? = nil) {
            environment = invitation.environment
            language = invitation.language
            createdAt = invitation.createdAt
            expiresAt = invitation.expiresAt
            status = invitation.spentAt != nil ? "used" : invitation.expiresAt <= now ? "expired" : "waiting"
            self.link = link
            self.notice = notice
        }
    }

    struct InvitationList: Encodable {
        var invitations: [InvitationRepresentation]
    }

    static var onboardingOff: APIProblem {
        APIProblem(
            .conflict, kind: "onboarding-off", title: "Onboarding is off",
            detail: "Set PrextraSync:SecretsKeyFile (or SecretsKeyVariable) and PrextraSync:PublicUrl, then restart serve.")
    }

    static var unscopedKeyNeeded: APIProblem {
        APIProblem(
            .forbidden, kind: "environment-not-allowed", title: "Key scoped to environments",
            detail: "Invitations make new environments; use a key that is not limited to some.")
    }

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/onboarding/invitations") { _, context in
            guard context.client?.isUnscoped == true else { throw Self.unscopedKeyNeeded }
            let now = Date()
            return try JSONResponse.make(.ok, InvitationList(invitations: try await store.invitations().map { InvitationRepresentation($0, now: now) }))
        }
        router.post("/v1/onboarding/invitations") { request, context in
            guard context.client?.isUnscoped == true else { throw Self.unscopedKeyNeeded }
            let body = try await RequestInput.jsonBody(request, maxBytes: limits.maxBodyBytes)
            let (environment, language, days) = try Self.decode(body)
            guard let issuer else { throw Self.onboardingOff }
            do {
                let (link, invitation) = try await issuer.invite(environment: environment, language: language, validFor: .seconds(days * 86_400))
                let clash = configured.contains { $0.lowercased() == invitation.environment.lowercased() }
                return try JSONResponse.make(
                    .created,
                    InvitationRepresentation(
                        invitation, now: Date(), link: link.absoluteString,
                        notice: clash ? "The configuration file has an environment of this name: it keeps winning over what the customer enrols." : nil))
            } catch let failure as InvitationIssuer.Failure {
                switch failure {
                case .invalidEnvironmentName: throw APIProblem.invalid("environment", "must be 1 to 64 letters, digits, '.', '_' or '-'.")
                case .invalidLanguage: throw APIProblem.invalid("language", "must be fr or en.")
                case .invalidValidity: throw APIProblem.invalid("days", "must be from 1 to 30.")
                }
            }
        }
    }

    /// Reads `{ "environment": "...", "language": "fr"|"en", "days": 1…30 }`.
    static func decode(_ body: JSONValue) throws(APIProblem) -> (String, String, Int) {
        guard case .object(let members) = body else { throw .invalid("body", "must be a JSON object, but is \(body.kindName).") }
        for name in members.keys where !["environment", "language", "days"].contains(name) {
            throw .invalid(name, "is not a member of an invitation; send environment, language and days.")
        }
        guard case .string(let environment)? = members["environment"] else { throw .invalid("environment", "must be the environment's name, a string.") }
        guard environment.count <= 64, !environment.isEmpty, environment.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw .invalid("environment", "must be 1 to 64 letters, digits, '.', '_' or '-'.")
        }
        var language = "fr"
        if let value = members["language"] {
            guard case .string(let text) = value, ["fr", "en"].contains(text) else { throw .invalid("language", "must be fr or en.") }
            language = text
        }
        var days = 7
        if let value = members["days"] {
            guard case .integer(let number) = value, (1...30).contains(number) else { throw .invalid("days", "must be an integer from 1 to 30.") }
            days = number
        }
        return (environment, language, days)
    }
}
