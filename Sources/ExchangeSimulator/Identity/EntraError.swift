import Foundation

/// A failure the simulated token endpoint answers with, shaped like Entra ID's error JSON.
///
/// Texts follow Microsoft's error-code reference (condensed, in our own words where the
/// live text is not documented); the `error` values and HTTP statuses are what clients branch on.
public struct EntraError: Error, Sendable, Hashable {
    public var status: Int
    /// The OAuth 2.0 `error` value.
    public var error: String
    /// The AADSTS number, without the prefix.
    public var code: Int
    public var message: String
    /// Seconds, for 429/503 answers.
    public var retryAfter: Int?

    public init(status: Int, error: String, code: Int, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.error = error
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    // MARK: Catalogue

    static func invalidSecret(clientId: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 7000215, message:
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientId)'.")
    }
    static func expiredSecret(clientId: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 7000222, message:
            "The provided client secret keys for app '\(clientId)' are expired. Visit the Azure portal to create new keys for your app, or consider using certificate credentials for added security.")
    }
    static let missingCredential = EntraError(status: 400, error: "invalid_request", code: 7000218, message:
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
    static let missingClientId = EntraError(status: 400, error: "invalid_request", code: 900144, message:
        "The request body must contain the following parameter: 'client_id'.")
    static let missingScope = EntraError(status: 400, error: "invalid_request", code: 900144, message:
        "The request body must contain the following parameter: 'scope'.")
    static let unsupportedGrantType = EntraError(status: 400, error: "unsupported_grant_type", code: 70003, message:
        "The app requested an unsupported grant type.")
    static let resourceParameterOnV2 = EntraError(status: 400, error: "invalid_request", code: 901002, message:
        "The 'resource' request parameter is not supported.")
    static func appNotFound(clientId: String, tenantId: String) -> EntraError {
        .init(status: 400, error: "unauthorized_client", code: 700016, message:
            "Application with identifier '\(clientId)' was not found in the directory '\(tenantId)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
    }
    static func tenantNotFound(_ tenant: String) -> EntraError {
        .init(status: 400, error: "invalid_request", code: 90002, message:
            "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.")
    }
    static func malformedTenant(_ tenant: String) -> EntraError {
        .init(status: 400, error: "invalid_request", code: 900023, message:
            "Specified tenant identifier '\(tenant)' is neither a valid DNS name, nor a valid external domain.")
    }
    static func nationalCloudTenant(_ tenant: String, cloud: String) -> EntraError {
        .init(status: 400, error: "invalid_request", code: 90038, message:
            "NationalCloudTenantRedirection: the specified tenant '\(tenant)' belongs to the National Cloud '\(cloud)'. The current cloud instance does not federate with '\(cloud)'.")
    }
    static let commonEndpoint = EntraError(status: 400, error: "invalid_request", code: 9001023, message:
        "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.")
    static func scopeWithoutDefault(_ scope: String) -> EntraError {
        .init(status: 400, error: "invalid_scope", code: 1002012, message:
            "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
    }
    static func invalidScope(_ scope: String) -> EntraError {
        .init(status: 400, error: "invalid_scope", code: 70011, message:
            "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope \(scope) is not valid.")
    }
    static func resourceNotFound(_ resource: String, tenantId: String) -> EntraError {
        .init(status: 400, error: "invalid_resource", code: 500011, message:
            "The resource principal named \(resource) was not found in the tenant named \(tenantId). This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.")
    }
    static let conditionalAccessBlock = EntraError(status: 400, error: "invalid_grant", code: 53003, message:
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.")
    static func appDisabled(clientId: String) -> EntraError {
        .init(status: 400, error: "unauthorized_client", code: 7000112, message:
            "Application '\(clientId)' is disabled.")
    }
    static func assertionSignatureInvalid(clientId: String, thumbprint: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 700027, message:
            "Client assertion failed signature validation. Trace: key was found, but use of the key to verify the signature failed. Thumbprint of key used by client: '\(thumbprint)'. Client id '\(clientId)'.")
    }
    static func assertionKeyNotFound(clientId: String, thumbprint: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 700027, message:
            "Client assertion failed signature validation. Trace: key not found. Thumbprint of key used by client: '\(thumbprint)'. Please visit the Azure portal to verify that the certificate is uploaded for app '\(clientId)'.")
    }
    static let assertionMalformed = EntraError(status: 400, error: "invalid_request", code: 50027, message:
        "JWT token is invalid or malformed.")
    static let assertionTypeInvalid = EntraError(status: 400, error: "invalid_request", code: 7000216, message:
        "'client_assertion_type' is missing or has an unsupported value; expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.")
    static let assertionExpired = EntraError(status: 401, error: "invalid_client", code: 700024, message:
        "Client assertion is not within its valid time range.")
    static let assertionSubjectMismatch = EntraError(status: 401, error: "invalid_client", code: 50048, message:
        "Subject mismatches Issuer claim in the client assertion.")
    static let assertionClientMismatch = EntraError(status: 401, error: "invalid_client", code: 700021, message:
        "Client assertion application identifier doesn't match 'client_id' parameter.")
    static func assertionAudienceInvalid(_ audience: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 700023, message:
            "Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials. Audience found: '\(audience)'.")
    }
    static func certificateExpired(clientId: String) -> EntraError {
        .init(status: 401, error: "invalid_client", code: 700027, message:
            "Client assertion contains an invalid signature. Reason: the key used is expired. Client id '\(clientId)'.")
    }
    static func serviceUnavailable(retryAfter: Int) -> EntraError {
        .init(status: 503, error: "temporarily_unavailable", code: 90033, message:
            "A transient error has occurred. Please try again.", retryAfter: retryAfter)
    }
    static func throttled(retryAfter: Int) -> EntraError {
        .init(status: 429, error: "temporarily_unavailable", code: 90055, message:
            "The request is throttled temporarily: too many incoming requests for this tenant.", retryAfter: retryAfter)
    }

    // MARK: Wire form

    /// The JSON body, with a fresh trace and correlation id woven into the description as Entra does.
    func jsonBody(correlationId: String, now: Date) -> [String: any Sendable] {
        let traceId = UUID().uuidString.lowercased()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: now)
        return [
            "error": error,
            "error_description":
                "AADSTS\(code): \(message)\r\nTrace ID: \(traceId)\r\nCorrelation ID: \(correlationId)\r\nTimestamp: \(timestamp)",
            "error_codes": [code],
            "timestamp": timestamp,
            "trace_id": traceId,
            "correlation_id": correlationId,
            "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
        ]
    }
}
