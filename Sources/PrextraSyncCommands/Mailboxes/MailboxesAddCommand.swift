import ArgumentParser
import SyncEngine
import SyncStore

/// `prextra-sync mailboxes add --config F --environment E ADDRESS…`
struct MailboxesAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Enrol mailboxes (or enable them again). Idempotent.")

    @OptionGroup var options: MailboxesOptions

    @Argument(help: "Primary SMTP addresses.")
    var addresses: [String]

    func run() async throws {
        try await MailboxesRunner.run(options) { store, environment in
            var result: [MailboxStatus] = []
            for address in addresses {
                guard MailboxAddressRule.isValid(address) else {
                    throw CommandStateStore.Failure(description: "error: \(address) is not a mailbox address such as jane.doe@contoso.com.", exitCode: 1)
                }
                result.append(try await store.enrolMailbox(environment: environment, address: MailboxAddress(address)))
            }
            return result
        }
    }
}

/// `prextra-sync mailboxes remove --config F --environment E ADDRESS… [--forget]`
struct MailboxesRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Disable mailboxes (links and cursors kept), or forget them with --forget.",
        discussion: "--forget also removes the mailbox's links, cursors and intents: enrolling it again starts a first sync, which links its items by their tag instead of creating them again.")

    @OptionGroup var options: MailboxesOptions

    @Flag(help: "Forget the mailboxes with their links and cursors instead of disabling them.")
    var forget = false

    @Argument(help: "Primary SMTP addresses.")
    var addresses: [String]

    func run() async throws {
        try await MailboxesRunner.run(options) { store, environment in
            var result: [MailboxStatus] = []
            for address in addresses.map({ MailboxAddress($0) }) {
                guard let before = try await store.mailbox(environment: environment, address: address) else {
                    throw CommandStateStore.Failure(
                        description: "error: mailbox \(address) is not enrolled in environment \(environment).", exitCode: 1)
                }
                if forget {
                    try await store.removeMailbox(environment: environment, address: address)
                    var gone = before
                    gone.state = .disabled
                    result.append(gone)
                } else {
                    try await store.disableMailbox(environment: environment, address: address)
                    if let status = try await store.mailbox(environment: environment, address: address) { result.append(status) }
                }
            }
            return result
        }
    }
}

/// `prextra-sync mailboxes list --config F --environment E [--json]`
struct MailboxesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the mailboxes with their status.")

    @OptionGroup var options: MailboxesOptions

    func run() async throws {
        try await MailboxesRunner.run(options) { store, environment in
            try await store.mailboxes(environment: environment, state: nil)
        }
    }
}

/// Whether text looks like a primary SMTP address (one `@`, a dotted domain, no spaces).
enum MailboxAddressRule {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }
}
