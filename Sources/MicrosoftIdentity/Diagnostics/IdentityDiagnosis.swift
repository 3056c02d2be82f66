import Foundation

/// Turns what happened (a failed token request, a token's claims, a credential's end date)
/// into diagnostics. Branches on the OAuth `error` first; the AADSTS number only refines the hint.
public enum IdentityDiagnosis {
    /// The diagnostic for a failed token request.
    public static func diagnose(_ error: TokenRequestError, registration: AppRegistration) -> IdentityDiagnostic {
        var details = [
            "tenant": error.tenantId, "client": error.clientId, "resource": error.resource,
            "authority": registration.cloud.authority.host ?? registration.cloud.authority.absoluteString,
            "summary": error.summary,
        ]
        if let correlation = error.correlationId { details["correlation"] = correlation }
        if let trace = error.traceId { details["trace"] = trace }
        if case .certificate(let certificate) = registration.credential { details["thumbprint"] = certificate.thumbprintSHA1Hex }
        let code = error.aadstsCode
        func make(_ diagnostic: IdentityDiagnostic.Code) -> IdentityDiagnostic {
            IdentityDiagnostic(diagnostic, upstreamCode: error.upstreamCode, details: details)
        }

        switch error.kind {
        case .transport: return make(.authorityUnreachable)
        case .malformedResponse: return make(.unexpectedResponse)
        case .throttled: return make(.throttled)
        case .serviceUnavailable: return make(.identityPlatformUnavailable)
        case .rejected: break
        }

        switch error.oauthError {
        case .invalidClient:
            switch code {
            case 7000222: return make(.clientSecretExpired)
            case 700024, 500133, 50013, 50048, 700021, 700023: return make(.clientAssertionRejected)
            case 700027, 50012, 700030: return make(.certificateRejected)
            default:
                switch registration.credential {
                case .certificate: return make(.certificateRejected)
                case .secret(let secret):
                    if secret.isEmpty { return make(.missingClientSecret) }
                    return make(secret.looksLikeSecretID ? .clientSecretIdInsteadOfValue : .invalidClientSecret)
                }
            }
        case .invalidRequest:
            switch code {
            case 7000218: return make(.missingClientSecret)
            case 90002: return make(.tenantNotFound)
            case 90038: return make(.tenantInOtherCloud)
            case 900023: return make(.malformedTenant)
            case 9001023: return make(.tenantNotSpecific)
            case 70011, 901002, 700022, 700023, 1002012: return make(.invalidScope)
            case 50027, 7000216: return make(.clientAssertionRejected)
            default: return make(.requestRejected)
            }
        case .unauthorizedClient:
            switch code {
            case 7000112: return make(.applicationDisabled)
            case 700016, 700011: return make(.applicationNotFound)
            default: return make(.clientRejected)
            }
        case .invalidScope:
            return make(.invalidScope)
        case .invalidResource:
            return make(.resourceNotInTenant)
        case .invalidGrant:
            switch code {
            case 53003, 530035, 530032, 53000, 53001, 53002: return make(.conditionalAccessBlocked)
            case 700024, 500133, 50013: return make(.clientAssertionRejected)
            default: return make(.requestRejected)
            }
        case .temporarilyUnavailable, .serverError:
            return make(error.httpStatus == 429 ? .throttled : .identityPlatformUnavailable)
        case .unsupportedGrantType, .other, nil:
            return make(.requestRejected)
        }
    }

    /// The silent failure: a token issued without the roles the resource needs. Empty when all is well.
    ///
    /// - Parameters:
    ///   - token: the access token (read for diagnosis only; decoding fails soft).
    ///   - resource: its ``TokenResource/requiredRoles`` are checked.
    public static func diagnoseRoles(of token: AccessToken, for resource: TokenResource, tenantId: String, clientId: String) -> [IdentityDiagnostic] {
        guard let claims = AccessTokenClaims(decoding: token.value) else {
            return [IdentityDiagnostic(.tokenNotInspectable, details: ["resource": resource.applicationIdURI])]
        }
        return diagnoseRoles(claims: claims, for: resource, tenantId: tenantId, clientId: clientId)
    }

    public static func diagnoseRoles(claims: AccessTokenClaims, for resource: TokenResource, tenantId: String, clientId: String) -> [IdentityDiagnostic] {
        let required = resource.requiredRoles
        var details = ["resource": resource.applicationIdURI, "tenant": claims.tenantId ?? tenantId, "client": clientId]
        details["missing"] = required.sorted().joined(separator: ", ")
        guard let roles = claims.roles else {
            return required.isEmpty ? [] : [IdentityDiagnostic(.tokenWithoutRoles, details: details)]
        }
        let missing = required.subtracting(roles)
        guard !missing.isEmpty else { return [] }
        details["missing"] = missing.sorted().joined(separator: ", ")
        details["roles"] = roles.isEmpty ? "none" : roles.sorted().joined(separator: ", ")
        return [IdentityDiagnostic(.tokenMissingRoles, details: details)]
    }

    /// Expiry warnings for a configured credential (`ClientSecretExpiresOn`, certificate notAfter).
    public static func diagnoseExpiry(of registration: AppRegistration, now: Date, warningWindow: TimeInterval = 30 * 86400) -> IdentityDiagnostic? {
        let expiresOn: Date
        let kind: CredentialExpiry.Credential
        switch registration.credential {
        case .secret(let secret):
            guard let date = secret.expiresOn else { return nil }
            expiresOn = date
            kind = .clientSecret
        case .certificate(let certificate):
            expiresOn = certificate.notValidAfter
            kind = .certificate
        }
        var diagnostic = CredentialExpiry.evaluate(expiresOn: expiresOn, now: now, warningWindow: warningWindow)
            .diagnostic(for: kind, expiresOn: expiresOn)
        diagnostic?.details["tenant"] = registration.tenantId
        diagnostic?.details["client"] = registration.clientId
        return diagnostic
    }
}
