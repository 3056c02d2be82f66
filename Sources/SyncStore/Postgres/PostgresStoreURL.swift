import Foundation
import PostgresNIO

/// The `Store.Url` of a PostgreSQL store: `postgres://user:password@host:5432/database?sslmode=require`.
///
/// TLS follows libpq's `sslmode`:
/// - `disable`: no TLS;
/// - `allow`, `prefer`: TLS when the server offers it, without checking its certificate;
/// - `require`: TLS or no connection, without checking the certificate (libpq's meaning);
/// - `verify-ca`: TLS, the certificate must chain to a trusted root (`sslrootcert`, else the system's);
/// - `verify-full`: as `verify-ca`, and the certificate must name the host.
///
/// Without `sslmode`, the mode is `require`, except for a loopback host (`localhost`, `127.0.0.0/8`,
/// `::1`), where it is `prefer`: a local server usually has no certificate.
///
/// The password is never part of a description: ``redacted`` replaces it with `***`, and every
/// error names the URL in that form.
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable
        case allow
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// A PEM file of trusted roots (`sslrootcert`), for `verify-ca` and `verify-full`.
    public var sslRootCertificate: String?

    /// Parses the URL; a malformed one throws ``SyncStoreError/storageFailure(operation:code:detail:)``
    /// naming `Store.Url`, with the password masked.
    public init(_ text: String) throws {
        func invalid(_ reason: String) -> SyncStoreError {
            .storageFailure(
                operation: "read the PostgreSQL URL",
                code: nil,
                detail: "Store.Url '\(Self.redact(text))' is not a PostgreSQL URL: \(reason). "
                    + "Expected postgres://user:password@host:5432/database?sslmode=require")
        }
        guard let components = URLComponents(string: text) else { throw invalid("it does not parse as a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("it names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database (the path)") }
        var sslMode: SSLMode?
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                    throw invalid(
                        "sslmode '\(item.value ?? "")' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                rootCertificate = item.value
            default:
                throw invalid("the parameter '\(item.name)' is not supported (only sslmode and sslrootcert are)")
            }
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password
        self.database = database
        self.sslRootCertificate = rootCertificate
        self.sslMode = sslMode ?? (Self.isLoopback(self.host) ? .prefer : .require)
    }

    /// The URL with the password replaced by `***`, safe for logs and errors.
    public var redacted: String {
        let credentials = password == nil ? username : "\(username):***"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(hostPart):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    public var description: String { redacted }

    /// Masks the password of a URL that may not parse: whatever sits between the first `:` after
    /// the scheme and the last `@` of the authority.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<authority.index(after: colon)]) + "***" + String(text[at...])
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    // MARK: - postgres-nio configuration

    /// The TLS configuration of `sslmode` (nil: no TLS).
    func tlsConfiguration() -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        return tls
    }

    /// Whether the connection fails rather than going on without TLS.
    var requiresTLS: Bool { sslMode != .disable && sslMode != .allow && sslMode != .prefer }

    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch (tlsConfiguration(), requiresTLS) {
            case (nil, _): .disable
            case (let tls?, true): .require(tls)
            case (let tls?, false): .prefer(tls)
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.tlsServerName = Self.isIPAddress(host) ? nil : host
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch (try tlsConfiguration().map(NIOSSLContext.init(configuration:)), requiresTLS) {
            case (nil, _): .disable
            case (let context?, true): .require(context)
            case (let context?, false): .prefer(context)
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.tlsServerName = Self.isIPAddress(host) ? nil : host
        return configuration
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
