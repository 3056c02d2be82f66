import AsyncHTTPClient
import MicrosoftGraph
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncStore

extension SyncEnvironment {
    /// The environments of a loaded configuration that the service can synchronize, each with the
    /// connector of its `Api`, and why the others cannot be (by environment name), with the lines
    /// an operator must read at start (`notices`). An environment with configuration errors is
    /// absent from `loaded.environments` and therefore from both.
    ///
    /// `Auto` is decided here (`AutoAPIChoice`). An `Auto` environment that goes to Graph while a
    /// mailbox still holds EWS cursors is moved first (`GraphMigration`, writing nothing to either
    /// side); a mailbox another worker holds is moved at a later start, and meanwhile its Graph
    /// cycles re-find its items by their tags.
    ///
    /// One environment failing here (an unreadable certificate) never keeps the others out.
    public static func environments(
        from loaded: LoadedConfiguration, store: (any SyncStore)? = nil, httpClient: HTTPClient = OutboundHTTPClient.shared,
        tokenProviders: AccessTokenProviders? = nil, worker: String = "prextra-sync"
    ) async -> (environments: [SyncEnvironment], unavailable: [String: String], notices: [String]) {
        let providers = tokenProviders ?? AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: httpClient))
        var environments: [SyncEnvironment] = []
        var unavailable: [String: String] = [:]
        var notices: [String] = []
        // Each Auto environment asks Entra ID for a Graph token, and each Graph one checks its
        // roles: all at once, not one after the other.
        var choices: [String: AutoAPIChoice] = [:]
        var graphTokens: [String: AutoAPIChoice.Reason] = [:]
        await withTaskGroup(of: (String, AutoAPIChoice?, AutoAPIChoice.Reason?).self) { group in
            for configuration in loaded.environments {
                switch configuration.api {
                case .auto:
                    group.addTask { (configuration.name, await AutoAPIChoice.choose(for: configuration, tokenProviders: providers), nil) }
                case .graph:
                    group.addTask {
                        let reason = await AutoAPIChoice.graphToken(for: configuration, tokenProviders: providers, required: AutoAPIChoice.syncRoles)
                        return (configuration.name, nil, reason)
                    }
                case .ews:
                    break
                }
            }
            for await (name, choice, reason) in group {
                choices[name] = choice
                graphTokens[name] = reason
            }
        }
        for configuration in loaded.environments {
            // A configuration changed under the store: named, and refused when it would orphan the links.
            var changes: [String] = []
            if let store {
                do {
                    switch try await ConfigurationChangeCheck.check(configuration, store: store) {
                    case .unchanged: break
                    case .changed(let lines): changes = lines
                    case .refused(let reason):
                        unavailable[configuration.name] = reason
                        continue
                    }
                } catch {
                    unavailable[configuration.name] = "its settings could not be compared with the store's: \(error)"
                    continue
                }
            }
            if !changes.isEmpty {
                notices.append(
                    "environment \(configuration.name): its configuration changed since the last start (\(changes.joined(separator: "; "))); "
                        + "check it with `prextra-sync verify --environment \(configuration.name)`.")
            }
            do {
                var (environment, lines) = try await make(
                    configuration, choice: choices[configuration.name], store: store, httpClient: httpClient, providers: providers,
                    worker: worker)
                if let reason = graphTokens[configuration.name] {
                    // Reported, not refused: the roles may be granted at any time, and the cycles then work.
                    let problem = [false, true].compactMap { AutoAPIChoice.configuredGraphNotice(environment: configuration.name, reason: reason, french: $0) }
                    lines += problem
                    if !problem.isEmpty { environment.apiChoice?.notice = problem.joined(separator: "\n") }
                }
                notices += lines
                environment.configurationChanges = changes
                environments.append(environment)
            } catch {
                unavailable[configuration.name] = "\(error)"
            }
        }
        return (environments, unavailable, notices)
    }

    /// The environment a configuration entry describes with the connector of its API (`choice`
    /// decided `Auto`), moved to Graph first when `Auto` chose Graph, and the lines to tell the
    /// operator. An `Auto` environment left on EWS in Exchange Online carries an `apiRecheck`.
    static func make(
        _ configuration: EnvironmentConfiguration, choice: AutoAPIChoice?, store: (any SyncStore)?, httpClient: HTTPClient,
        providers: AccessTokenProviders, worker: String
    ) async throws -> (SyncEnvironment, notices: [String]) {
        let entry = configuration
        var configuration = configuration
        var notices: [String] = []
        if let choice {
            configuration.api = choice.api
            // Each line in English, then in French.
            notices = [false, true].compactMap { choice.notice(environment: configuration.name, french: $0) }
        }
        let notice = notices.isEmpty ? nil : notices.joined(separator: "\n")
        var environment: SyncEnvironment
        switch configuration.api {
        case .ews, .auto:
            let connector = try EWSMailboxConnector(environment: configuration, httpClient: httpClient, tokenProviders: providers)
            environment = SyncEnvironment(configuration: configuration, connector: connector)
        case .graph:
            let connector = try GraphMailboxConnector(environment: configuration, httpClient: httpClient, tokenProviders: providers)
            if choice?.api == .graph, let store,
                let moved = await moveToGraph(configuration.name, client: connector.client, store: store, worker: worker)
            {
                notices.append(moved)
            }
            environment = SyncEnvironment(configuration: configuration, connector: connector)
        }
        guard let choice else { return (environment, notices) }
        environment.apiChoice = .init(api: choice.api, automatic: true, notice: notice)
        if choice.api == .ews, choice.reason != .onPremises {
            // Asked again while the service runs: the roles may be granted at any time.
            environment.apiRecheck = APIRecheck(
                graphRolesGranted: { await AutoAPIChoice.choose(for: entry, tokenProviders: providers, forceRefresh: true).api == .graph },
                moveToGraph: { store, worker in
                    let granted = AutoAPIChoice(api: .graph, reason: .graphRolesGranted)
                    return try? await make(entry, choice: granted, store: store, httpClient: httpClient, providers: providers, worker: worker)
                })
        }
        return (environment, notices)
    }

    /// Moves the mailboxes of an `Auto` environment that still hold EWS cursors to Graph; a line
    /// saying what moved, nil when nothing had to.
    static func moveToGraph(_ environment: String, client: GraphClient, store: any SyncStore, worker: String) async -> String? {
        let migration = GraphMigration(store: store, client: client, environment: environment, worker: worker)
        var moved = 0
        var links = 0
        var problems: [String] = []
        do {
            for mailbox in try await store.mailboxes(environment: environment, state: nil) {
                var holdsEWSCursor = false
                for kind in EntityKind.allCases {
                    let state = try await store.syncState(environment: environment, mailbox: mailbox.address, folderID: FolderName.of(kind))
                    if let state, !state.hasPrefix(client.configuration.baseURL.absoluteString) { holdsEWSCursor = true }
                }
                guard holdsEWSCursor else { continue }
                let report = try await migration.migrate(mailbox.address, dryRun: false)
                if report.busy {
                    problems.append("\(mailbox.address) is busy (another worker holds it)")
                } else {
                    moved += 1
                    links += report.translated
                }
            }
        } catch {
            problems.append("\(error)")
        }
        guard moved > 0 || !problems.isEmpty else { return nil }
        var line = "environment \(environment) (Api: Auto) moved to Microsoft Graph: \(moved) mailbox(es), \(links) link(s) translated, nothing written"
        if !problems.isEmpty { line += "; left for the next start: " + problems.joined(separator: "; ") }
        return line
    }

    /// One line per environment whose connector leaves out a kind its policy synchronizes (none
    /// does today; a connector that reaches fewer kinds says so through `synchronizes(_:)`), for
    /// the operator to read at start.
    public static func kindsLeftOut(_ environments: [SyncEnvironment]) -> [String] {
        environments.compactMap { environment in
            let missing = EntityKind.allCases.filter { kind in
                !environment.kinds.contains(kind) && environment.policy.policy(for: kind).direction != .off
            }
            guard !missing.isEmpty else { return nil }
            let names = missing.map { "\($0.rawValue)s" }.joined(separator: ", ")
            return "environment \(environment.name) does not synchronize \(names): its API's connector does not reach them."
        }
    }
}
