import Foundation
import SyncEngine
import SyncStore

extension StoredLink {
    /// The store's form of an engine link. `lastWrittenChangeKey` is the change key our own last
    /// write produced (`nil` keeps none); the folder is the kind's folder.
    init(_ link: Link, environment: String, lastWrittenChangeKey: String?) {
        self.init(
            environment: environment, mailbox: link.mailbox, record: RecordKey(link.kind, link.recordID),
            itemID: link.item.id.rawValue, changeKey: link.item.changeKey.rawValue, base: link.base,
            tag: link.tag?.rawValue ?? "", lastWrittenChangeKey: lastWrittenChangeKey,
            folderID: FolderName.of(link.kind), isDetached: link.isDetached, awaitsReadBack: link.awaitsReadBack)
    }

    /// The engine's form: the change key is the version we wrote or accepted last (an incoming
    /// change with it is our echo). An empty tag is an item whose tag write is still pending.
    var engineLink: Link {
        Link(
            recordID: record.id, mailbox: mailbox, kind: record.entity,
            item: ItemReference(id: ItemID(itemID), changeKey: ChangeKey(changeKey)), base: base,
            tag: tag.isEmpty ? nil : SyncTag(rawValue: tag), isDetached: isDetached, uncommittedWrite: uncommittedWrite,
            awaitsReadBack: awaitsReadBack)
    }
}

extension StoredIntent {
    /// A new id for one attempt at creating the item of `intent`: readable (it starts with the
    /// record's key in the mailbox) and never reused, so the resolved intents of earlier attempts
    /// for the same record (an item restored, re-created after a delete or an owner change)
    /// stay in the table as history without ever colliding with a new one.
    static func attemptID(of intent: PendingIntent) -> String {
        "\(intent.id)/\(UUID().uuidString.lowercased())"
    }

    /// The engine's form, keeping the store's id so that resolving it finds the row.
    var engineIntent: PendingIntent {
        var intent = PendingIntent(
            mailbox: mailbox, kind: record.entity, recordID: record.id, fields: fields, createdAt: createdAt)
        intent.id = id
        intent.tag = SyncTag(rawValue: tag)
        return intent
    }
}

/// The name under which a kind's folder cursor is stored (one folder per kind).
enum FolderName {
    static func of(_ kind: EntityKind) -> String {
        switch kind {
        case .contact: "contacts"
        case .appointment: "calendar"
        case .task: "tasks"
        }
    }
}
