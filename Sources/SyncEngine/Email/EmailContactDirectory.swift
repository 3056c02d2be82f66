/// The e-mail addresses of an environment's CRM contact records, for matching mail.
///
/// Addresses of enrolled mailboxes are left out when the directory is built: an employee who is
/// also a CRM contact must not turn every internal message into a tracked one.
public struct EmailContactDirectory: Sendable, Hashable {
    private var contactsByAddress: [String: Set<RecordID>]

    public init() { contactsByAddress = [:] }

    /// - Parameters:
    ///   - contacts: each contact record with the addresses it carries (`email1` … `email3`).
    ///   - enrolledMailboxes: the environment's mailboxes, never matched.
    public init(contacts: [(record: RecordID, addresses: [String])], excluding enrolledMailboxes: Set<MailboxAddress> = []) {
        contactsByAddress = [:]
        let excluded = Set(enrolledMailboxes.map(\.rawValue))
        for contact in contacts {
            for address in contact.addresses {
                guard let key = EmailAddressRule.matchable(address), !excluded.contains(key) else { continue }
                contactsByAddress[key, default: []].insert(contact.record)
            }
        }
    }

    public var isEmpty: Bool { contactsByAddress.isEmpty }

    /// The contact records any of these participants' well-formed addresses belong to, sorted.
    public func contacts(matching participants: [EmailParticipant]) -> [RecordID] {
        var matched = Set<RecordID>()
        for participant in participants {
            guard let key = participant.matchableAddress, let records = contactsByAddress[key] else { continue }
            matched.formUnion(records)
        }
        return matched.sorted()
    }
}
