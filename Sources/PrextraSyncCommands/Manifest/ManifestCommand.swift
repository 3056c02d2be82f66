import EnvironmentVerification
import ArgumentParser

/// `prextra-sync manifest --api ews|graph|both`: prints the `requiredResourceAccess` an
/// administrator puts in the app registration's manifest.
struct ManifestCommand: AsyncParsableCommand {
    enum API: String, ExpressibleByArgument, CaseIterable, Sendable {
        case ews, graph, both
    }

    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Print the requiredResourceAccess JSON for the Entra ID app manifest.",
        discussion: """
        EWS needs the Office 365 Exchange Online application permission full_access_as_app; \
        Microsoft Graph needs Calendars.ReadWrite, Contacts.ReadWrite, Tasks.ReadWrite.All, \
        Mail.Read, and User.Read.All, which moving from EWS needs to translate the stored ids \
        (application permissions). Use --api both while moving a tenant from EWS to \
        Graph: the same app and secret serve both. Standard output holds only the JSON; the \
        instructions go to standard error.
        """
    )

    @Option(help: "The API the environment uses: \(API.allCases.map(\.rawValue).joined(separator: ", ")).")
    var api: API

    func run() async throws {
        let output = CommandContext.current.output
        let manifest = RequiredResourceAccess(ews: api == .ews || api == .both, graph: api == .graph || api == .both)
        output.line(try manifest.json())
        output.errorLine(
            "In Entra ID > App registrations > the app > Manifest, replace the requiredResourceAccess property with the one above, "
                + "save, then have an administrator click \"Grant admin consent\" under API permissions. "
                + "Application permissions requested: \(manifest.roleNames.joined(separator: ", ")).")
    }
}
