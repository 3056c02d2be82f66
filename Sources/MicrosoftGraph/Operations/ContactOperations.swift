/// Contacts, in the default folder or a given one.
extension GraphClient {
    static func contacts(_ mailbox: String, folderID: String?) -> GraphPath {
        if let folderID { return .user(mailbox).appending("contactFolders").appending(id: folderID).appending("contacts") }
        return .user(mailbox).appending("contacts")
    }

    /// Creates a contact. Not retried after a failure that may have reached Graph (contacts have
    /// no transaction id): the caller finds it by its tag before creating it again.
    public func createContact(_ contact: GraphContact, mailbox: String, folderID: String? = nil) async throws -> GraphContact {
        try await createItem(contact, at: Self.contacts(mailbox, folderID: folderID), mailbox: mailbox, operation: "createContact", isIdempotent: false)
    }

    public func contact(id: String, mailbox: String, expandingExtendedProperty extendedPropertyID: String? = nil) async throws -> GraphContact {
        try await readItem(
            at: Self.contacts(mailbox, folderID: nil).appending(id: id), query: Self.expand(extendedPropertyID), mailbox: mailbox,
            operation: "getContact")
    }

    public func updateContact(id: String, etag: String, changes: GraphChanges<GraphContact>, mailbox: String) async throws -> GraphContact {
        try await updateItem(at: Self.contacts(mailbox, folderID: nil).appending(id: id), etag: etag, changes: changes, mailbox: mailbox, operation: "updateContact")
    }

    public func deleteContact(id: String, etag: String, mailbox: String) async throws {
        try await deleteItem(at: Self.contacts(mailbox, folderID: nil).appending(id: id), etag: etag, mailbox: mailbox, operation: "deleteContact")
    }

    /// The contact folders directly under the root.
    /// Every contact of the default folder, with one extended property expanded, one page after the other.
    public func contacts(mailbox: String, expandingExtendedProperty extendedPropertyID: String) async throws -> [GraphContact] {
        try await readAllPages(
            at: Self.contacts(mailbox, folderID: nil), query: Self.expand(extendedPropertyID), mailbox: mailbox, operation: "listContacts")
    }

    public func contactFolders(mailbox: String) async throws -> [GraphContactFolder] {
        try await readAllPages(at: .user(mailbox).appending("contactFolders"), query: [], mailbox: mailbox, operation: "contactFolders")
    }
}
