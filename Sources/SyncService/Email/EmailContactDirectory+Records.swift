import SyncEngine


extension EmailContactDirectory {
    /// The directory of the environment's contact records (`email1` … `email3`), tombstones and
    /// other kinds left out, the enrolled mailboxes excluded.
    init(records: [StoredRecord], excluding enrolledMailboxes: Set<MailboxAddress>) {
        let contacts = records.filter { $0.key.entity == .contact && !$0.isDeleted }.map { record in
            (record: record.key.id, addresses: FieldName.emailAddresses.compactMap { name -> String? in
                if case .text(let address)? = record.fields[name] { return address }
                return nil
            })
        }
        self.init(contacts: contacts, excluding: enrolledMailboxes)
    }
}
