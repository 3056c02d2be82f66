import SyncEngine

/// Gives the items a connector read what only their link's base can tell:
/// - the values of the fields the connector cannot reach (`MailboxConnector.fieldsOutOfReach`):
///   to the engine such a field is unchanged in Outlook, never cleared;
/// - the positions the protocol loses (`MailboxConnector.aligned`: Graph's phone and e-mail
///   arrays), so that an unchanged lone second number is not read as a moved one.
/// An item with no link (an import, a copy) keeps what was read.
struct OutOfReachFields {
    let fields: Set<String>
    private let connector: any MailboxConnector
    private let kind: EntityKind
    private let baseByRecord: [RecordID: FieldSet]
    private let baseByItem: [ItemID: FieldSet]

    init(connector: any MailboxConnector, kind: EntityKind, links: [Link]) {
        fields = connector.fieldsOutOfReach(of: kind)
        self.connector = connector
        self.kind = kind
        var byRecord: [RecordID: FieldSet] = [:]
        var byItem: [ItemID: FieldSet] = [:]
        for link in links {
            byRecord[link.recordID] = link.base
            byItem[link.item.id] = link.base
        }
        baseByRecord = byRecord
        baseByItem = byItem
    }

    func filled(_ item: OutlookItem) -> OutlookItem {
        guard let base = baseByItem[item.id] ?? item.tag.flatMap({ baseByRecord[$0.recordID] }) else { return item }
        var item = item
        item.fields = connector.aligned(item.fields, kind: kind, base: base)
        for field in fields { item.fields[field] = base[field] }
        return item
    }

    func filled(_ items: [OutlookItem]) -> [OutlookItem] { items.map(filled) }

    func filled(_ changes: MailboxChanges) -> MailboxChanges {
        var changes = changes
        changes.changed = filled(changes.changed)
        return changes
    }
}
