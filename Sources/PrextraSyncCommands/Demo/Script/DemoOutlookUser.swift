import ExchangeSimulator
import SyncEngine
import SyncStore

/// An employee working in Outlook: edits go straight into their simulated mailbox (new
/// ChangeKey, an entry in the folder's change log), as Outlook's own writes would.
struct DemoOutlookUser: Sendable {
    let exchange: SimulatedExchange
    let store: any SyncStore
    let environment: String
    let mailbox: MailboxAddress

    /// The item that mirrors `record` in this mailbox, by the id the simulator's actions take (a
    /// link through Graph holds the item's Graph id).
    func linkedItemID(_ record: RecordKey) async throws -> String {
        guard let link = try await store.link(environment: environment, mailbox: mailbox, record: record) else {
            throw DemoError.missingItem("the item of \(record) in \(mailbox)")
        }
        return try exchange.itemID(graphID: link.itemID, in: mailbox.rawValue) ?? link.itemID
    }

    /// The link of the item the simulator knows as `itemID` (a link through Graph holds the
    /// item's Graph id).
    func link(ofItem itemID: String) async throws -> StoredLink? {
        if let link = try await store.link(environment: environment, mailbox: mailbox, itemID: itemID) { return link }
        for link in try await store.links(environment: environment, mailbox: mailbox, entity: nil) {
            if (try? exchange.itemID(graphID: link.itemID, in: mailbox.rawValue)).flatMap({ $0 }) == itemID { return link }
        }
        return nil
    }

    func set(_ values: [String: String], on record: RecordKey) async throws {
        let id = try await linkedItemID(record)
        try exchange.updateItem(in: mailbox.rawValue, id: id, set: values)
    }

    func delete(_ record: RecordKey) async throws {
        let id = try await linkedItemID(record)
        try exchange.deleteItem(in: mailbox.rawValue, id: id)
    }

    /// Adds `category` to the calendar item with this subject. Returns the item id.
    func tagAppointment(subject: String, category: String) throws -> String {
        guard let item = try exchange.items(in: mailbox.rawValue, folder: "calendar").first(where: { $0.subject == subject }) else {
            throw DemoError.missingItem("the appointment \"\(subject)\" of \(mailbox)")
        }
        let categories =
            "<t:Categories xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><t:String>"
            + DemoOutlookItems.escaped(category) + "</t:String></t:Categories>"
        try exchange.updateItem(in: mailbox.rawValue, id: item.id, setXML: [categories])
        return item.id
    }
}
