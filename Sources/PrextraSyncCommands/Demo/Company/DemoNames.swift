/// First and last names for the CRM contacts, from the customers' countries.
enum DemoNames {
    static let givenNames = [
        "Anna", "Thomas", "Sophie", "Marc", "Isabelle", "Pierre", "Laura", "David", "Elena", "Stefan", "Hannah",
        "Nicolas", "Claire", "Andreas", "Martina", "Paul", "Yuki", "Kenji", "Aiko", "Takeshi", "Sarah", "John",
        "Rebecca", "Robert", "Jennifer", "William", "Mei", "Raj", "Charlotte", "Oliver", "Giulia", "Luca",
        "Manon", "Hugo", "Émilie", "François", "Jürg", "Ursula", "Beat", "Noémie",
    ]
    static let surnames = [
        "Müller", "Schmid", "Weber", "Fischer", "Huber", "Martin", "Bernard", "Dubois", "Laurent", "Roux", "Bianchi",
        "Ferrari", "Johnson", "Williams", "Miller", "Davis", "Taylor", "Nakamura", "Ito", "Watanabe", "Yamamoto",
        "Lee", "Chen", "Patel", "Smith", "Wilson", "Baumann", "Steiner", "Favre", "Perrin", "Gauthier", "Zimmermann",
    ]
    static let jobTitles = [
        "Purchasing Manager", "Head of Engineering", "Plant Manager", "Procurement Officer", "CFO", "Technical Buyer",
        "Quality Manager", "Operations Director", "Project Engineer", "Managing Director", "Lab Manager",
    ]
    static let departments = ["Procurement", "Engineering", "Operations", "Finance", "Quality", "Management"]

    /// `Émilie Müller` → `emilie.muller`: an ASCII mailbox local part.
    static func localPart(_ given: String, _ surname: String) -> String {
        let text = "\(given).\(surname)".lowercased()
        let folded = text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "é", "è", "ê", "ë": "e"
            case "à", "â", "ä": "a"
            case "ç": "c"
            case "ü", "ù", "û": "u"
            case "ö", "ô": "o"
            case "ï", "î": "i"
            case " ", "'": ""
            default: String(scalar)
            }
        }
        return folded.joined()
    }
}
