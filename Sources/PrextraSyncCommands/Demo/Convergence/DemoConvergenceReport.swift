/// The outcome of the convergence check: every link compared, and what did not match.
struct DemoConvergenceReport: Codable, Sendable {
    struct Divergence: Codable, Sendable, Hashable {
        var mailbox: String
        /// `kind/id` of the record, when there is one.
        var record: String?
        var itemID: String?
        /// What is wrong, in a sentence.
        var problem: String
        /// `field: CRM value ≠ Outlook value`, one per differing field.
        var fields: [String]
    }

    var mailboxes: Int
    var linksCompared: Int
    var recordsChecked: Int
    var itemsRead: Int
    var divergences: [Divergence]

    var converged: Bool { divergences.isEmpty }

    enum CodingKeys: String, CodingKey { case mailboxes, linksCompared, recordsChecked, itemsRead, divergences, converged }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mailboxes, forKey: .mailboxes)
        try container.encode(linksCompared, forKey: .linksCompared)
        try container.encode(recordsChecked, forKey: .recordsChecked)
        try container.encode(itemsRead, forKey: .itemsRead)
        try container.encode(divergences, forKey: .divergences)
        try container.encode(converged, forKey: .converged)
    }

    init(mailboxes: Int, linksCompared: Int, recordsChecked: Int, itemsRead: Int, divergences: [Divergence]) {
        self.mailboxes = mailboxes
        self.linksCompared = linksCompared
        self.recordsChecked = recordsChecked
        self.itemsRead = itemsRead
        self.divergences = divergences
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mailboxes = try container.decode(Int.self, forKey: .mailboxes)
        linksCompared = try container.decode(Int.self, forKey: .linksCompared)
        recordsChecked = try container.decode(Int.self, forKey: .recordsChecked)
        itemsRead = try container.decode(Int.self, forKey: .itemsRead)
        divergences = try container.decode([Divergence].self, forKey: .divergences)
    }
}
