import ArgumentParser
import ExchangeSimulator
import Foundation
import Logging

/// `prextra-sync simulator`: the Exchange Online simulator (Entra ID token endpoint, EWS,
/// control API) on one port, until SIGINT or SIGTERM.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run the Exchange Online simulator (token endpoint, EWS, Microsoft Graph, control API) until Ctrl-C.",
        discussion: """
        Prints its URLs, tenants, apps (with their EWS and Graph roles) and mailboxes. With \
        --write-config it writes a service configuration pointing at itself (Graph environments; \
        EWS ones with --ews-config), so that `prextra-sync verify --config FILE --environment NAME` \
        and `sync --once` run against it with no editing. The seed format is documented in \
        docs/simulator.md. Exit status: 0 after a clean stop, 2 when an option or the seed is \
        invalid, 1 when it cannot listen or write.
        """
    )

    static let defaultPort = 5080

    @Option(help: "A JSON seed file (tenants, apps, mailboxes, items, faults). Default: the built-in demo seed.")
    var seed: String?

    @Option(help: "The address to listen on (0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = SimulatorCommand.defaultPort

    @Option(name: .customLong("latency-ms"), help: "Delay added to every EWS request, in milliseconds (overrides the seed's).")
    var latencyMilliseconds: Int?

    @Option(help: "Write every EWS request and response body into this directory.")
    var record: String?

    @Option(name: .customLong("write-config"), help: "Write a service configuration (appsettings JSON) pointing at this simulator.")
    var writeConfig: String?

    @Flag(name: .customLong("ews-config"), help: "With --write-config: write EWS environments (\"Api\": \"Ews\") instead of Graph ones.")
    var ewsConfig = false

    @Flag(name: .customLong("validate-responses"), help: "Check every EWS response against the official schema (slower).")
    var validatesResponses = false

    @Flag(name: .customLong("show-secrets"), help: "Also print the seed's client secret values (test credentials).")
    var showsSecrets = false

    func run() async throws {
        let context = CommandContext.current
        let session: SimulatorSession
        do {
            session = try await start(context: context)
        } catch {
            context.output.errorLine("error: \(error.description)")
            throw ExitCode(error.exitCode)
        }
        let signal = await TerminationSignals.wait()
        context.output.line("Stopping (\(signal)).")
        await session.stop()
    }

    /// Starts the simulator, writes the configuration if asked and prints the banner; the caller
    /// stops it. Tests run this in-process.
    func start(context: CommandContext) async throws(SimulatorCommandError) -> SimulatorSession {
        guard !host.contains(":"), !host.isEmpty else { throw .invalidHost(host) }
        guard (0...65_535).contains(port) else { throw .invalidPort(port) }
        if let latencyMilliseconds, !(0...60_000).contains(latencyMilliseconds) { throw .invalidLatency(latencyMilliseconds) }

        var seed: SimulatorSeed
        if let path = self.seed {
            do throws(SimulatorSeedError) { seed = try SimulatorSeedFile.load(path) } catch { throw .seed(error) }
        } else {
            seed = .demo
        }
        if let latencyMilliseconds {
            for index in seed.tenants.indices { seed.tenants[index].faults.addedLatencyMilliseconds = latencyMilliseconds }
        }

        let recordDirectory = record.map { URL(fileURLWithPath: $0) }
        if let recordDirectory {
            do {
                try FileManager.default.createDirectory(at: recordDirectory, withIntermediateDirectories: true)
            } catch {
                throw .cannotRecord(path: recordDirectory.path, reason: (error as NSError).localizedDescription)
            }
        }
        let simulator: ExchangeOnlineSimulator
        do {
            simulator = try ExchangeOnlineSimulator(
                configuration: SimulatorConfiguration(
                    seed: seed, host: host, port: port, recordDirectory: recordDirectory, validatesResponses: validatesResponses),
                logger: Logger(label: "prextra-sync.simulator"))
        } catch let error as SimulatedExchange.SeedError {
            throw .seed(Self.locate(error, in: seed, file: self.seed ?? "(built-in demo seed)"))
        } catch {
            throw .seed(SimulatorSeedError(file: self.seed ?? "(built-in demo seed)", field: nil, problem: "cannot be loaded: \(error)"))
        }

        let endpoints: ExchangeOnlineSimulator.Endpoints
        do {
            endpoints = try await simulator.start()
        } catch SimulatorServer.SimulatorServerError.cannotListen(_, _, let reason) {
            throw .cannotListen(host: host, port: port, reason: reason)
        } catch {
            throw .cannotListen(host: host, port: port, reason: "\(error)")
        }

        var written: SimulatorServiceConfiguration?
        if let writeConfig {
            let simulatorPort = endpoints.baseURL.port ?? port
            let configuration = SimulatorServiceConfiguration(
                seed: seed, endpoints: endpoints, now: context.now(),
                listen: "127.0.0.1:\(simulatorPort == 8080 ? 8081 : 8080)", apiKey: SimulatorServiceConfiguration.randomAPIKey(),
                graph: !ewsConfig)
            do throws(SimulatorCommandError) {
                try configuration.write(to: writeConfig)
            } catch {
                await simulator.stop()
                throw error
            }
            written = configuration
        }

        let banner = SimulatorBanner(
            seedName: self.seed ?? "built-in demo seed", seed: seed, endpoints: endpoints, latencyMilliseconds: latencyMilliseconds,
            recordDirectory: recordDirectory?.path, configurationPath: writeConfig, configuration: written, showsSecrets: showsSecrets,
            now: context.now())
        context.output.write(banner.text)
        return SimulatorSession(simulator: simulator, endpoints: endpoints)
    }

    /// Points a seed loading error at the mailbox (and item) it concerns.
    static func locate(_ error: SimulatedExchange.SeedError, in seed: SimulatorSeed, file: String) -> SimulatorSeedError {
        func mailboxPosition(_ address: String) -> (path: String, mailbox: MailboxSeed)? {
            for (t, tenant) in seed.tenants.enumerated() {
                for (m, mailbox) in tenant.mailboxes.enumerated() where mailbox.primarySmtpAddress.lowercased() == address.lowercased() {
                    return ("tenants[\(t)].mailboxes[\(m)]", mailbox)
                }
            }
            return nil
        }
        switch error {
        case .unknownFolder(let folder, let address):
            let found = mailboxPosition(address)
            let field = found.map { found in
                found.mailbox.items.firstIndex { $0.folder == folder }.map { "\(found.path).items[\($0)].folder" } ?? "\(found.path).items"
            }
            return SimulatorSeedError(
                file: file, field: field,
                problem: "names the folder \"\(folder)\", which mailbox \(address) does not have (use a distinguished folder such as calendar, contacts or tasks, or one listed in the mailbox's \"folders\").")
        case .invalidItem(let message, let address):
            // The simulator prefixes the message with the item's position, `items[3]: …`.
            var item = "items"
            var problem = message
            if message.hasPrefix("items["), let end = message.range(of: "]: ") {
                item = message[..<end.lowerBound] + "]"
                problem = String(message[end.upperBound...])
            }
            return SimulatorSeedError(
                file: file, field: mailboxPosition(address).map { "\($0.path).\(item)" }, problem: "is not a valid item: \(problem)")
        }
    }
}

/// A running `simulator` command: what it serves, and how to stop it.
struct SimulatorSession: Sendable {
    let simulator: ExchangeOnlineSimulator
    let endpoints: ExchangeOnlineSimulator.Endpoints

    func stop() async { await simulator.stop() }
}

extension SimulatorCommandError {
    var exitCode: Int32 {
        switch self {
        case .seed, .invalidHost, .invalidPort, .invalidLatency: 2
        case .cannotListen, .cannotRecord, .cannotWriteConfiguration: 1
        }
    }
}
