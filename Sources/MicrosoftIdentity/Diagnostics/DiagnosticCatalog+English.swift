/// Operator-facing texts. One function per language so translators see a whole language at once.
enum DiagnosticCatalog {
    static func english(_ diagnostic: IdentityDiagnostic) -> DiagnosticText {
        let d = diagnostic.details
        let tenant = d["tenant"] ?? "(unknown tenant)"
        let client = d["client"] ?? "(unknown app)"
        let resource = d["resource"] ?? "the API"
        let portalApp = "Azure portal → Microsoft Entra ID → App registrations → \(client)"
        func t(_ what: String, _ cause: String, _ fix: String) -> DiagnosticText { .init(what: what, cause: cause, fix: fix) }

        switch diagnostic.code {
        case .invalidClientSecret:
            return t("Entra ID rejected the client secret of app \(client) in tenant \(tenant).",
                     "The configured ClientSecret is not a current secret of this app: a typo, a stray space, a secret of another app, or a secret that was deleted.",
                     "In \(portalApp) → Certificates & secrets, create a new client secret and copy its Value (shown only once) into ClientSecret.")
        case .clientSecretIdInsteadOfValue:
            return t("Entra ID rejected the client secret of app \(client) in tenant \(tenant).",
                     "The configured ClientSecret is a GUID: it is almost certainly the \"Secret ID\" column, not the secret's Value.",
                     "In \(portalApp) → Certificates & secrets, copy the Value column, not the Secret ID. If the Value is no longer shown, create a new secret.")
        case .clientSecretExpired:
            return t("The client secret of app \(client) has expired\(d["date"].map { " (on \($0))" } ?? "").",
                     "Client secrets have an end date set when they are created; token requests fail after it.",
                     "In \(portalApp) → Certificates & secrets, create a new secret, then update ClientSecret (and ClientSecretExpiresOn) in the configuration.")
        case .clientSecretExpiringSoon:
            return t("The client secret of app \(client) expires in \(d["days"] ?? "a few") days (\(d["date"] ?? "soon")).",
                     "Once it expires, synchronization of this environment stops.",
                     "Ask the customer to create a new secret in \(portalApp) → Certificates & secrets, and update ClientSecret and ClientSecretExpiresOn before that date.")
        case .missingClientSecret:
            return t("No client secret or certificate was sent for app \(client).",
                     "ClientSecret is empty or missing in the configuration of this environment.",
                     "Fill in ClientSecret with the secret's Value from \(portalApp) → Certificates & secrets.")
        case .applicationNotFound:
            return t("Entra ID does not know app \(client) in tenant \(tenant).",
                     "Wrong ApplicationId, wrong TenantId, or a multi-tenant app that an administrator of this tenant never consented to (it has no service principal there).",
                     "Compare ApplicationId and TenantId with the app's Overview page (Application (client) ID, Directory (tenant) ID). For an app registered in another tenant, have an administrator of \(tenant) grant admin consent.")
        case .applicationDisabled:
            return t("App \(client) is disabled in tenant \(tenant).",
                     "Its service principal was disabled (\"Enabled for users to sign in?\" set to No).",
                     "In Azure portal → Microsoft Entra ID → Enterprise applications → \(client) → Properties, set \"Enabled for users to sign in?\" to Yes.")
        case .tenantNotFound:
            return t("Tenant \(tenant) was not found.",
                     "TenantId has a typo, or the tenant lives in a national cloud (US Government, China) and was reached through the global authority.",
                     "Copy the Directory (tenant) ID from the app's Overview page into TenantId. For a national-cloud customer, set the environment's cloud accordingly.")
        case .tenantInOtherCloud:
            return t("Tenant \(tenant) belongs to a national cloud.",
                     "Tokens for this tenant must come from that cloud's authority, not from \(d["authority"] ?? "the global one").",
                     "Set the environment's cloud (for example usgovhigh or china) to match the tenant.")
        case .malformedTenant:
            return t("TenantId \"\(tenant)\" is neither a GUID nor a domain name.",
                     "A typo, a truncated value, or a placeholder left in the configuration.",
                     "Copy the Directory (tenant) ID (a GUID) from the app's Overview page into TenantId.")
        case .tenantNotSpecific:
            return t("TenantId \"\(tenant)\" does not name a tenant.",
                     "App-only tokens cannot be requested from /common or /consumers.",
                     "Put the customer's Directory (tenant) ID (a GUID) in TenantId.")
        case .invalidScope:
            return t("Entra ID refused the requested scope for \(resource).",
                     "App-only tokens need a scope of the form {resource}/.default, for exactly one resource; the resource URI may be mistyped or belong to another cloud.",
                     "Check the environment's cloud and API settings; the scope sent was \(d["scope"] ?? "\(resource)/.default").")
        case .resourceNotInTenant:
            return t("\(resource) does not exist in tenant \(tenant).",
                     "The tenant has no service principal for that API: typically no Exchange Online subscription or licence, or a resource of another cloud.",
                     "Check that the customer has Exchange Online and that the environment's cloud is right.")
        case .conditionalAccessBlocked:
            return t("A Conditional Access policy of tenant \(tenant) blocks app \(client).",
                     "A policy for workload identities denies this service principal, often because of the server's IP address or location.",
                     "Ask the customer's administrator to exclude the app's service principal from the policy, or to add this server's outbound IP address to a trusted named location.")
        case .certificateRejected:
            return t("Entra ID rejected the certificate of app \(client)\(d["thumbprint"].map { " (thumbprint \($0))" } ?? "").",
                     "The certificate is not uploaded to this app, was removed, or the private key does not belong to it.",
                     "Upload the certificate's public part (.cer/.pem) in \(portalApp) → Certificates & secrets → Certificates, and check that its thumbprint matches.")
        case .clientAssertionRejected:
            return t("Entra ID rejected the signed client assertion of app \(client).",
                     "The assertion is outside its validity window (server clock wrong) or its issuer, subject or audience does not match the app and tenant.",
                     "Synchronize this server's clock (NTP) and check ApplicationId and TenantId.")
        case .certificateExpired:
            return t("The certificate of app \(client) has expired\(d["date"].map { " (on \($0))" } ?? "").",
                     "Entra ID no longer accepts assertions signed with an expired certificate.",
                     "Create a new certificate, upload its public part in \(portalApp) → Certificates & secrets, and update the configuration.")
        case .certificateExpiringSoon:
            return t("The certificate of app \(client) expires in \(d["days"] ?? "a few") days (\(d["date"] ?? "soon")).",
                     "Once it expires, synchronization of this environment stops.",
                     "Create and upload a new certificate in \(portalApp) → Certificates & secrets, then update the configuration before that date.")
        case .clientRejected:
            return t("Entra ID rejected the credentials of app \(client) in tenant \(tenant).",
                     "Entra ID said: \(d["summary"] ?? "invalid client").",
                     "Check ApplicationId, TenantId and ClientSecret against \(portalApp).")
        case .requestRejected:
            return t("Entra ID refused the token request of app \(client) in tenant \(tenant).",
                     "Entra ID said: \(d["summary"] ?? "invalid request").",
                     "Look up the code at https://login.microsoftonline.com/error and check the app registration.")
        case .throttled:
            return t("Entra ID is throttling token requests for tenant \(tenant).",
                     "Too many token requests in a short time, from this service or other software using the same app.",
                     "Nothing to do if it passes: the service waits and retries. If it persists, check that no other program requests tokens in a loop with this app.")
        case .identityPlatformUnavailable:
            return t("Entra ID is temporarily unavailable for tenant \(tenant).",
                     "A transient outage on Microsoft's side.",
                     "Nothing to change: the service retries and keeps using a still-valid token. If it lasts, check https://status.cloud.microsoft.")
        case .authorityUnreachable:
            return t("The service could not reach \(d["authority"] ?? "the Entra ID authority").",
                     "No network path: DNS, proxy, firewall or TLS inspection (\(d["summary"] ?? "no answer")).",
                     "Allow outbound HTTPS from this server to \(d["authority"] ?? "the authority host") and check DNS and proxy settings.")
        case .unexpectedResponse:
            return t("Entra ID's answer could not be read.",
                     "\(d["summary"] ?? "The response was not the expected JSON"); a proxy may have answered instead of Entra ID.",
                     "Check proxies between this server and \(d["authority"] ?? "the authority"), then try again.")
        case .tokenWithoutRoles:
            return t("A token for \(resource) was issued, but it carries no application permission (no roles claim).",
                     "Admin consent was never granted for the app's application permissions, or none were added. (With Exchange RBAC for Applications, permissions are checked by Exchange instead and this can be expected.)",
                     "In \(portalApp) → API permissions, add the application permission(s) \(d["missing"] ?? "needed") and click \"Grant admin consent for <tenant>\".")
        case .tokenMissingRoles:
            return t("The token for \(resource) lacks the permission(s) \(d["missing"] ?? "needed"); it has \(d["roles"] ?? "none").",
                     "The application permission was not added, or added without admin consent.",
                     "In \(portalApp) → API permissions, add \(d["missing"] ?? "the permission") as an Application permission and grant admin consent.")
        case .tokenNotInspectable:
            return t("The token for \(resource) could not be inspected.",
                     "Not every Microsoft token is a readable JWT, so its permissions cannot be checked locally.",
                     "Nothing to do; the first mailbox request will show whether the permissions are in place.")
        }
    }
}
