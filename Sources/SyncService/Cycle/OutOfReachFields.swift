import SyncEngine

/// Gives the items a connector read the values of the fields it cannot reach
/// (`MailboxConnector.fieldsOutOfReach`), taken from their link's base: to the engine such a field
/// is unchanged in Outlook, never cleared. An item with no link (an import, a copy) keeps none.
struct OutOfReachFields {
    let fields: Set<String>
    private let baseByRecord: [RecordID: FieldSet]
    private let baseByItem: [ItemID: FieldSet]

    init(fields: Set<String>, links: [Link]) {
        self.fields = fields
        var byRecord: [RecordID: FieldSet] = [:]
        var byItem: [ItemID: FieldSet] = [:]
        if !fields.isEmpty {
            for link in links {
                byRecord[link.recordID] = link.base
                byItem[link.item.id] = link.base
            }
        }
        baseByRecord = byRecord
        baseByItem = byItem
    }

    func filled(_ item: OutlookItem) -> OutlookItem {
        guard !fields.isEmpty, let base = baseByItem[item.id] ?? item.tag.flatMap({ baseByRecord[$0.recordID] }) else { return item }
        var item = item
        for field in fields { item.fields[field] = base[field] }
        return item
    }

    func filled(_ items: [OutlookItem]) -> [OutlookItem] { fields.isEmpty ? items : items.map(filled) }

    func filled(_ changes: MailboxChanges) -> MailboxChanges {
        var changes = changes
        changes.changed = filled(changes.changed)
        return changes
    }
}
