import SyncEngine

/// An employee of the demo company: one Exchange mailbox, in the zone of their office.
struct DemoEmployee: Sendable, Hashable {
    var givenName: String
    var surname: String
    /// The mailbox's local part (ASCII).
    var localPart: String
    var jobTitle: String
    var office: DemoOffice
    var address: MailboxAddress

    var displayName: String { "\(givenName) \(surname)" }
}

/// The staff list. The order interleaves offices, so that even a small company (the first
/// few entries) spans Zürich, Paris, New York and Tokyo.
enum DemoEmployees {
    private static let roster: [(String, String, String, String, DemoOffice)] = [
        ("Lea", "Meier", "lea.meier", "Head of Sales", .zurich),
        ("Camille", "Durand", "camille.durand", "Account Manager", .paris),
        ("Emily", "Carter", "emily.carter", "Account Executive", .newYork),
        ("Haruto", "Sato", "haruto.sato", "Sales Engineer", .tokyo),
        ("Lukas", "Brunner", "lukas.brunner", "Key Account Manager", .zurich),
        ("Julien", "Lefèvre", "julien.lefevre", "Field Sales", .paris),
        ("Michael", "Brooks", "michael.brooks", "Regional Director", .newYork),
        ("Yui", "Tanaka", "yui.tanaka", "Customer Success", .tokyo),
        ("James", "Whitaker", "james.whitaker", "Account Manager", .london),
        ("Daniel", "Kim", "daniel.kim", "Solutions Architect", .sanFrancisco),
        ("Nina", "Keller", "nina.keller", "Inside Sales", .zurich),
        ("Chloé", "Moreau", "chloe.moreau", "Marketing Manager", .paris),
        ("Olivia", "Hayes", "olivia.hayes", "Account Executive", .newYork),
        ("Ren", "Suzuki", "ren.suzuki", "Service Engineer", .tokyo),
        ("Priya", "Shah", "priya.shah", "Partner Manager", .london),
        ("Wei Ling", "Tan", "weiling.tan", "Regional Manager APAC", .singapore),
        ("Marco", "Rossi", "marco.rossi", "Product Specialist", .zurich),
        ("Antoine", "Girard", "antoine.girard", "Account Manager", .paris),
        ("Grace", "O'Brien", "grace.obrien", "Account Executive", .sydney),
        ("Sarah", "Frei", "sarah.frei", "Sales Assistant", .zurich),
    ]

    /// The first `count` employees (at least 4); beyond the roster, numbered colleagues of the same offices.
    static func make(count: Int, domain: String) -> [DemoEmployee] {
        (0..<max(count, 4)).map { index in
            let (given, surname, local, title, office) = roster[index % roster.count]
            let round = index / roster.count
            let localPart = round == 0 ? local : "\(local)\(round + 1)"
            return DemoEmployee(
                givenName: given, surname: round == 0 ? surname : "\(surname) \(round + 1)", localPart: localPart,
                jobTitle: title, office: office, address: MailboxAddress("\(localPart)@\(domain)"))
        }
    }
}
