import Foundation
import Synchronization

/// The Exchange organizations of every seeded tenant: mailboxes, what would have been mailed,
/// and a log of EWS requests.
public final class SimulatedExchange: Sendable {
    private struct Directory: Sendable {
        var mailboxes: [String: SimulatedMailbox] = [:]
    }

    private let directory: Mutex<Directory>
    private let invitations = Mutex<[SentInvitation]>([])
    private let requests = Mutex<[EWSRequestRecord]>([])
    let syncStates = SyncStateCodec()
    /// The Graph side's delta chains, limits and subscriptions.
    public let graph = GraphServiceState()
    /// Every change to every mailbox's items, for notifications.
    public let changes = MailboxChangeFeed()
    /// Faults for change notifications (drop, delay), whatever protocol carries them.
    public let notificationFaults = NotificationFaults()
    /// EWS streaming subscriptions (Subscribe, GetStreamingEvents, Unsubscribe).
    public let streaming: StreamingSubscriptions
    /// Sends Graph change and lifecycle notifications.
    let graphNotifications: GraphNotificationSender
    let order: SchemaElementOrder
    public let faults: SimulatorFaults
    private let seed: SimulatorSeed

    public init(seed: SimulatorSeed, order: SchemaElementOrder = .shared) throws {
        self.seed = seed
        self.order = order
        faults = SimulatorFaults(settings: Dictionary(seed.tenants.map { ($0.id.lowercased(), $0.faults) }) { a, _ in a })
        directory = Mutex(Directory())
        graphNotifications = GraphNotificationSender(state: graph, faults: notificationFaults)
        streaming = StreamingSubscriptions(faults: notificationFaults)
        let streaming = self.streaming
        changes.listen { streaming.receive($0) }
        try load(seed)
        changes.listen { [graphNotifications] in graphNotifications.changed($0) }
    }

    /// Throws away every change and reloads the seed (faults included).
    public func reset() throws {
        directory.withLock { $0 = Directory() }
        invitations.withLock { $0.removeAll() }
        requests.withLock { $0.removeAll() }
        graph.reset()
        streaming.reset()
        notificationFaults.reset()
        for tenant in seed.tenants { faults.update(tenantId: tenant.id, to: tenant.faults) }
        try load(seed)
    }

    private func load(_ seed: SimulatorSeed) throws {
        for tenant in seed.tenants {
            for mailboxSeed in tenant.mailboxes {
                let mailbox = SimulatedMailbox(tenantId: tenant.id.lowercased(), seed: mailboxSeed, changeFeed: changes)
                try populate(mailbox, from: mailboxSeed)
                directory.withLock { $0.mailboxes[mailboxSeed.primarySmtpAddress.lowercased()] = mailbox }
            }
        }
    }

    private func populate(_ mailbox: SimulatedMailbox, from seed: MailboxSeed) throws {
        let builder = ItemBuilder(order: order, timeZoneContext: TimeZoneResolution.timeZone(windowsId: seed.timeZone) ?? .gmt)
        try mailbox.withContents { contents in
            for folder in seed.folders {
                let parent = contents.folderId(distinguished: folder.parent ?? "msgfolderroot") ?? contents.root
                _ = contents.addFolder(displayName: folder.displayName, folderClass: folder.folderClass, parentId: parent)
            }
            for (index, itemSeed) in seed.items.enumerated() {
                let folderId =
                    contents.folderId(distinguished: itemSeed.folder)
                    ?? contents.folders.values.first { $0.displayName == itemSeed.folder }?.id
                guard let folderId else { throw SeedError.unknownFolder(itemSeed.folder, mailbox: seed.primarySmtpAddress) }
                let element: XMLElementNode
                do throws(XMLTreeParser.NotWellFormed) {
                    element = try XMLTreeParser.parse(Data(itemSeed.xml.utf8))
                } catch {
                    throw SeedError.invalidItem("items[\(index)]: not well-formed XML: \(error.message)", mailbox: seed.primarySmtpAddress)
                }
                do throws(EWSError) {
                    contents.insert(try builder.build(from: element, folderId: folderId, now: Date()))
                } catch {
                    throw SeedError.invalidItem("items[\(index)]: \(error.message)", mailbox: seed.primarySmtpAddress)
                }
            }
        }
    }

    public enum SeedError: Error, CustomStringConvertible {
        case unknownFolder(String, mailbox: String)
        case invalidItem(String, mailbox: String)
        public var description: String {
            switch self {
            case .unknownFolder(let folder, let mailbox): "seed: mailbox \(mailbox) has no folder '\(folder)'"
            case .invalidItem(let message, let mailbox): "seed: an item of mailbox \(mailbox) is invalid: \(message)"
            }
        }
    }

    public func mailbox(_ smtpAddress: String) -> SimulatedMailbox? {
        directory.withLock { $0.mailboxes[smtpAddress.lowercased()] }
    }

    public var mailboxAddresses: [String] { directory.withLock { $0.mailboxes.keys.sorted() } }

    public var tenants: [TenantSeed] { seed.tenants }

    // MARK: Mail that would have been sent

    func recordInvitation(_ invitation: SentInvitation) {
        invitations.withLock { $0.append(invitation) }
    }

    /// Meeting requests, updates and cancellations that would have been mailed, oldest first.
    public var sentInvitations: [SentInvitation] { invitations.withLock { $0 } }

    // MARK: Request log

    func record(_ request: EWSRequestRecord) {
        requests.withLock { $0.append(request) }
    }

    /// Every EWS request received since start or reset, oldest first.
    public var requestLog: [EWSRequestRecord] { requests.withLock { $0 } }

    public func clearRequestLog() { requests.withLock { $0.removeAll() } }
}
