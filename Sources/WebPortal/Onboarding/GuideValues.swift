import EnvironmentVerification
import Hummingbird

/// What the guide shows back: the values entered (never the secret), which credential was
/// chosen, the message next to each field, and the live check's results.
struct GuideValues {
    var tenant = ""
    var application = ""
    var mailbox = ""
    var usesCertificate = true
    var secretExpiresOn = ""
    /// Field name (`tenantId`, `applicationId`, `clientSecret`, `mailbox`) → message.
    var fieldErrors: [String: String] = [:]
    /// A key of ``OnboardingText``, shown above the form.
    var notice: String?
    var reports: [VerifyReport] = []

    /// From the consent step's query (`tenant`, `app`), which fills the form too.
    init(query request: Request) {
        let parameters = request.uri.queryParameters
        tenant = parameters["tenant"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        application = parameters["app"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    init(form: FormBody) {
        tenant = form["tenantId"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        application = form["applicationId"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        mailbox = form["mailbox"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        usesCertificate = form["credential"] != "secret"
        secretExpiresOn = form["clientSecretExpiresOn"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
