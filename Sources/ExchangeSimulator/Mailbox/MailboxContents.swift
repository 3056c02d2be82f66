import Foundation

/// Everything in one simulated mailbox. Guarded by `SimulatedMailbox`'s lock.
public struct MailboxContents: Sendable {
    public let primarySmtpAddress: String
    public let displayName: String
    public let timeZone: String
    public private(set) var folders: [String: FolderRecord] = [:]
    public private(set) var items: [String: StoredItem] = [:]
    /// Over its storage quota (an administrator's prohibit-send-receive limit): Exchange then
    /// refuses every item created or updated in it with `ErrorQuotaExceeded`, item by item.
    public var isOverQuota = false
    private(set) var distinguishedFolders: [String: String] = [:]
    private(set) var changeLogs: [String: FolderChangeLog] = [:]
    /// Immutable id → current item id.
    private var immutableIndex: [String: String] = [:]
    private var sequence: UInt64 = 0
    /// Changes made since `takeChanges()` was last called, for `MailboxChangeFeed`.
    private var unannounced: [MailboxChange] = []

    /// Distinguished folders every mailbox has: name, display name, class, parent.
    static let standardFolders: [(String, String, String, String?)] = [
        ("root", "Root", "IPF.Note", nil),
        ("msgfolderroot", "Top of Information Store", "IPF.Note", "root"),
        ("inbox", "Inbox", "IPF.Note", "msgfolderroot"),
        ("sentitems", "Sent Items", "IPF.Note", "msgfolderroot"),
        ("deleteditems", "Deleted Items", "IPF.Note", "msgfolderroot"),
        ("drafts", "Drafts", "IPF.Note", "msgfolderroot"),
        ("outbox", "Outbox", "IPF.Note", "msgfolderroot"),
        ("junkemail", "Junk Email", "IPF.Note", "msgfolderroot"),
        ("calendar", "Calendar", "IPF.Appointment", "msgfolderroot"),
        ("contacts", "Contacts", "IPF.Contact", "msgfolderroot"),
        ("tasks", "Tasks", "IPF.Task", "msgfolderroot"),
    ]

    init(primarySmtpAddress: String, displayName: String, timeZone: String) {
        self.primarySmtpAddress = primarySmtpAddress
        self.displayName = displayName
        self.timeZone = timeZone
        for (name, display, folderClass, parent) in Self.standardFolders {
            let id = Identifiers.newFolderId()
            distinguishedFolders[name] = id
            folders[id] = FolderRecord(
                id: id, changeKey: Identifiers.newChangeKey(version: 1), distinguishedName: name,
                parentId: parent.flatMap { distinguishedFolders[$0] }, displayName: display, folderClass: folderClass)
            changeLogs[id] = FolderChangeLog()
        }
    }

    public func folderId(distinguished name: String) -> String? { distinguishedFolders[name] }

    public var root: String { distinguishedFolders["msgfolderroot"]! }

    private mutating func nextSequence() -> UInt64 {
        sequence += 1
        return sequence
    }

    mutating func addFolder(displayName: String, folderClass: String, parentId: String) -> FolderRecord {
        let folder = FolderRecord(
            id: Identifiers.newFolderId(), changeKey: Identifiers.newChangeKey(version: 1), distinguishedName: nil,
            parentId: parentId, displayName: displayName, folderClass: folderClass)
        folders[folder.id] = folder
        changeLogs[folder.id] = FolderChangeLog()
        return folder
    }

    func childFolders(of parentId: String, deep: Bool) -> [FolderRecord] {
        let direct = folders.values.filter { $0.parentId == parentId }.sorted { $0.displayName < $1.displayName }
        guard deep else { return direct }
        return direct.flatMap { [$0] + childFolders(of: $0.id, deep: true) }
    }

    func items(inFolder folderId: String) -> [StoredItem] {
        guard let log = changeLogs[folderId] else { return [] }
        return log.entries.compactMap { id, entry in entry.leftSequence == nil ? items[id] : nil }
    }

    func itemCount(inFolder folderId: String) -> Int {
        changeLogs[folderId]?.entries.values.count { $0.leftSequence == nil } ?? 0
    }

    /// The item with this immutable id, wherever it was moved.
    public func item(immutableId: String) -> StoredItem? {
        immutableIndex[immutableId].flatMap { items[$0] }
    }

    mutating func insert(_ item: StoredItem) {
        items[item.id] = item
        immutableIndex[item.immutableId] = item.id
        let sequence = nextSequence()
        changeLogs[item.folderId, default: FolderChangeLog()].entered(item.id, at: sequence)
        note(.created, item)
    }

    /// Stores a modified item (the caller has touched it).
    mutating func replace(_ item: StoredItem) {
        items[item.id] = item
        let sequence = nextSequence()
        changeLogs[item.folderId]?.changed(item.id, at: sequence)
        note(.updated, item)
    }

    mutating func remove(_ itemId: String) {
        guard let item = items.removeValue(forKey: itemId) else { return }
        immutableIndex[item.immutableId] = nil
        let sequence = nextSequence()
        changeLogs[item.folderId]?.left(itemId, at: sequence)
        note(.deleted, item)
    }

    /// Moves an item; like Exchange, the moved item gets a new ItemId.
    mutating func move(_ itemId: String, to folderId: String, at now: Date) -> StoredItem? {
        guard var item = items.removeValue(forKey: itemId) else { return nil }
        let sequence = nextSequence()
        changeLogs[item.folderId]?.left(itemId, at: sequence)
        note(.deleted, item)
        item.id = Identifiers.newItemId()
        item.folderId = folderId
        item.touch(at: now)
        insert(item)
        return item
    }

    /// Removes an item and stores it again under a new ItemId in the same folder, every property
    /// (extended properties included) kept: what an export and re-import (a PST import, a restore
    /// by a backup tool) does. Change streams report a delete and a create.
    mutating func reimport(_ itemId: String, at now: Date) -> StoredItem? {
        guard var item = items.removeValue(forKey: itemId) else { return nil }
        let sequence = nextSequence()
        changeLogs[item.folderId]?.left(itemId, at: sequence)
        note(.deleted, item)
        item.id = Identifiers.newItemId()
        item.version = 0
        item.created = now
        item.touch(at: now)
        insert(item)
        return item
    }

    func changeLog(_ folderId: String) -> FolderChangeLog? { changeLogs[folderId] }

    private mutating func note(_ kind: MailboxChange.Kind, _ item: StoredItem) {
        unannounced.append(
            MailboxChange(mailbox: primarySmtpAddress, folderId: item.folderId, itemId: item.id, immutableId: item.immutableId,
                changeKey: item.changeKey, kind: kind))
    }

    /// The changes made since the last call, oldest first.
    mutating func takeChanges() -> [MailboxChange] {
        defer { unannounced.removeAll() }
        return unannounced
    }
}
