import ExchangeSimulator
import Foundation

/// What `prextra-sync simulator` prints once it listens: the URLs, each tenant with its apps
/// and mailboxes, and the configuration it wrote. Secret values only with `--show-secrets`.
struct SimulatorBanner {
    var seedName: String
    var seed: SimulatorSeed
    var endpoints: ExchangeOnlineSimulator.Endpoints
    var latencyMilliseconds: Int?
    var recordDirectory: String?
    var configurationPath: String?
    var configuration: SimulatorServiceConfiguration?
    var showsSecrets: Bool
    var now: Date

    /// The last line printed; scripts wait for it.
    static let readyLine = "Ready. Press Ctrl-C to stop."

    var text: String {
        var lines: [String] = []
        lines.append("Exchange Online simulator (\(seedName))")
        lines.append("  EWS:          \(endpoints.ews.absoluteString)")
        lines.append("  Graph:        \(endpoints.baseURL.appendingPathComponent("v1.0").absoluteString)")
        lines.append("  Authority:    \(endpoints.authority.absoluteString)  (token endpoint: \(endpoints.authority.absoluteString)/{tenant}/oauth2/v2.0/token)")
        lines.append("  Control API:  \(endpoints.control.absoluteString)  (see docs/simulator.md)")
        if let latencyMilliseconds { lines.append("  Latency:      \(latencyMilliseconds) ms added to every EWS request") }
        if let recordDirectory { lines.append("  Recording:    every EWS request and response into \(recordDirectory)") }
        let dates = ISO8601DateFormatter()
        dates.formatOptions = [.withFullDate]
        for tenant in seed.tenants {
            let domains = tenant.domains.isEmpty ? "" : " (\(tenant.domains.joined(separator: ", ")))"
            lines.append("")
            lines.append("Tenant \(tenant.id)\(domains)")
            if tenant.apps.isEmpty { lines.append("  no app registration: no token can be issued for this tenant") }
            for app in tenant.apps {
                var notes: [String] = []
                let ewsRoles = app.roles["ews"] ?? app.roles["https://outlook.office365.com"] ?? []
                notes.append(ewsRoles.isEmpty ? "no EWS role" : "EWS roles: \(ewsRoles.joined(separator: ", "))")
                let graphRoles = SimulatorServiceConfiguration.graphRoles(of: app)
                notes.append(graphRoles.isEmpty ? "no Graph role" : "Graph roles: \(graphRoles.joined(separator: ", "))")
                if !app.adminConsent { notes.append("no admin consent") }
                if !app.enabled { notes.append("disabled") }
                if app.blockedByConditionalAccess { notes.append("blocked by Conditional Access") }
                lines.append("  App \"\(app.displayName)\": client id \(app.clientId); \(notes.joined(separator: "; "))")
                for secret in app.secrets {
                    let state = secret.expiresOn <= now ? "EXPIRED \(dates.string(from: secret.expiresOn))" : "expires \(dates.string(from: secret.expiresOn))"
                    let value = showsSecrets ? "value \(secret.value)" : "value hidden (--show-secrets\(configurationPath == nil ? "" : ", or the written configuration"))"
                    lines.append("    secret \(secret.id): \(value), \(state)")
                }
                if !app.certificates.isEmpty { lines.append("    \(app.certificates.count) certificate(s)") }
            }
            if tenant.mailboxes.isEmpty { lines.append("  no mailbox") }
            for mailbox in tenant.mailboxes {
                let items = mailbox.items.count == 1 ? "1 item" : "\(mailbox.items.count) items"
                lines.append("  Mailbox \(mailbox.primarySmtpAddress) (\(mailbox.displayName), \(mailbox.timeZone), \(items))")
            }
        }
        if let configurationPath, let configuration {
            lines.append("")
            let names = configuration.exchange.map(\.environment)
            lines.append("Service configuration written to \(configurationPath): environment(s) \(names.joined(separator: ", ")).")
            for skipped in configuration.skippedTenants {
                lines.append("  tenant \(skipped) left out: it has no app with a client secret.")
            }
            if let first = names.first {
                lines.append("  Try: prextra-sync verify --config \(configurationPath) --environment \(first)")
            }
        }
        lines.append("")
        lines.append(Self.readyLine)
        return lines.joined(separator: "\n") + "\n"
    }
}
