import SyncEngine
import SyncStore

/// One scene of the scripted day: someone changes something on one side; after the sync,
/// its checks say whether the change arrived where it should.
struct DemoStep: Sendable {
    var id: String
    var title: String
    /// The mailboxes to sync first (where the change was made).
    var actingMailboxes: [MailboxAddress]
    /// Makes the change and tells what it did; the returned checks run after the sync.
    var act: @Sendable (DemoStepContext) async throws -> DemoStepOutcome
}

struct DemoStepOutcome: Sendable {
    /// What happened, in a sentence or two.
    var story: String
    var checks: @Sendable () async throws -> [DemoReport.Check]
}

/// What a step can use: the world, the ERP and users, and where the feeds stood before it.
struct DemoStepContext: Sendable {
    let world: DemoWorld
    let driver: any DemoSyncDriver
    let outlookFeedBefore: FeedPosition

    var store: SQLiteSyncStore { world.store }
    var environment: String { world.environmentName }
    var erp: DemoERP { DemoERP(store: store, environment: environment) }

    func user(_ mailbox: MailboxAddress) -> DemoOutlookUser {
        DemoOutlookUser(exchange: world.exchange, store: store, environment: environment, mailbox: mailbox)
    }

    func name(_ mailbox: MailboxAddress) -> String {
        guard let employee = world.company.employee(mailbox) else { return mailbox.rawValue }
        return "\(employee.displayName) (\(employee.office.city))"
    }

    /// The item linked to `record` in `mailbox`, as read back through the connector.
    func item(of record: RecordKey, in mailbox: MailboxAddress) async throws -> OutlookItem? {
        guard let link = try await store.link(environment: environment, mailbox: mailbox, record: record) else { return nil }
        return try await driver.readItems(of: record.entity, in: mailbox).first { $0.id.rawValue == link.itemID }
    }

    /// Outlook feed entries (what the ERP reads) appended since the step began.
    func outlookChangesSinceStart() async throws -> [OutlookChange] {
        var changes: [OutlookChange] = []
        var position = outlookFeedBefore
        while true {
            let page = try await store.outlookChanges(environment: environment, after: position, limit: 500)
            changes += page.changes
            guard page.hasMore else { return changes }
            position = page.next
        }
    }

    static func check(_ description: String, _ passed: Bool, _ detail: String? = nil) -> DemoReport.Check {
        DemoReport.Check(description: description, passed: passed, detail: passed ? nil : detail)
    }
}
