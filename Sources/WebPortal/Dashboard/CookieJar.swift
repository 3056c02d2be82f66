import Hummingbird

/// Reading the request's cookies and writing `Set-Cookie` for the dashboard: HttpOnly,
/// SameSite=Strict, scoped to `/dashboard`, and Secure when `serve` terminates TLS.
struct CookieJar: Sendable {
    let secure: Bool

    static let session = "prextra_session"
    static let signIn = "prextra_signin"
    static let language = "prextra_lang"

    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// `Set-Cookie` for `value`, kept `maxAge` seconds (0 deletes it).
    func set(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/dashboard; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
