import Foundation
import ServiceConfiguration

/// What the customer's IT enters on the onboarding page, and its checks before anything is tried.
public struct OnboardingForm: Sendable {
    public enum Credential: Sendable {
        /// A client secret pasted into the form.
        case secret(String)
        /// The certificate the service made for this invitation (its private key never left the service).
        case certificate(CertificateBundle)
    }

    public var tenantID: String
    public var applicationID: String
    public var credential: Credential
    /// One mailbox the app must reach, named by the customer.
    public var mailbox: String
    /// The secret's expiry as the portal shows it (`yyyy-mm-dd`), optional: Entra ID does not tell
    /// it to the app, and alerts need it. Ignored for a certificate (its notAfter is known).
    public var secretExpiresOn: String

    public init(tenantID: String, applicationID: String, credential: Credential, mailbox: String, secretExpiresOn: String = "") {
        self.secretExpiresOn = secretExpiresOn.trimmingCharacters(in: .whitespacesAndNewlines)
        self.tenantID = tenantID.trimmingCharacters(in: .whitespacesAndNewlines)
        self.applicationID = applicationID.trimmingCharacters(in: .whitespacesAndNewlines)
        self.credential = credential
        self.mailbox = mailbox.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A field the customer must correct, with the message shown next to it.
    public struct FieldError: Sendable, Hashable {
        /// `tenantId`, `applicationId`, `clientSecret` or `mailbox`.
        public var field: String
        public var message: BilingualText
    }

    /// The fields that cannot be right, each with what to enter instead. Values are never
    /// repeated in the messages: a secret pasted into the wrong field must not be shown back.
    public func fieldErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if !(IdentifierFormat.isGUID(tenantID) || IdentifierFormat.isDomainName(tenantID)) {
            errors.append(FieldError(field: "tenantId", message: BilingualText(
                "Enter the Directory (tenant) ID shown on the app's Overview page (8-4-4-4-12 hexadecimal digits), or the tenant's domain such as contoso.onmicrosoft.com.",
                "Saisir l'ID de l'annuaire (locataire) affiché sur la page Vue d'ensemble de l'application (8-4-4-4-12 chiffres hexadécimaux), ou le domaine du locataire, par exemple contoso.onmicrosoft.com.")))
        }
        if !IdentifierFormat.isGUID(applicationID) || IdentifierFormat.isNilGUID(applicationID) {
            errors.append(FieldError(field: "applicationId", message: BilingualText(
                "Enter the Application (client) ID shown on the app's Overview page (8-4-4-4-12 hexadecimal digits).",
                "Saisir l'ID d'application (client) affiché sur la page Vue d'ensemble de l'application (8-4-4-4-12 chiffres hexadécimaux).")))
        }
        if case .secret(let secret) = credential {
            let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                errors.append(FieldError(field: "clientSecret", message: BilingualText(
                    "Paste the secret's Value, shown once when it is created under Certificates & secrets.",
                    "Coller la Valeur du secret, affichée une seule fois à sa création sous Certificats et secrets.")))
            } else if IdentifierFormat.isGUID(trimmed) {
                errors.append(FieldError(field: "clientSecret", message: BilingualText(
                    "This is the secret's ID, not its Value: paste the Value column (create a new secret if it is no longer shown).",
                    "Ceci est l'ID du secret, pas sa Valeur : coller la colonne Valeur (créer un nouveau secret si elle n'est plus affichée).")))
            }
        }
        if case .secret = credential, !secretExpiresOn.isEmpty, secretExpiry == nil {
            errors.append(FieldError(field: "clientSecretExpiresOn", message: BilingualText(
                "Enter the date in the secret's Expires column (year-month-day), or leave it empty.",
                "Saisir la date de la colonne Expire du secret (année-mois-jour), ou laisser vide.")))
        }
        if !IdentifierFormat.isSMTPAddress(mailbox) {
            errors.append(FieldError(field: "mailbox", message: BilingualText(
                "Enter the e-mail address of one employee's mailbox the service will synchronize, e.g. alice@contoso.com.",
                "Saisir l'adresse e-mail de la boîte d'un employé que le service synchronisera, par exemple alice@contoso.com.")))
        }
        return errors
    }

    /// The secret's expiry, the end of the day given (UTC); nil when empty or not a date.
    public var secretExpiry: Date? {
        let parts = secretExpiresOn.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (2000...2200).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 23, minute: 59, second: 59)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else { return nil }
        return date
    }
}
