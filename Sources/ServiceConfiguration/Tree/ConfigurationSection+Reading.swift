/// Typed reads that record a problem instead of failing, so that one bad key never hides the others.
extension ConfigurationSection {
    /// Reports keys spelled twice with different case (`TenantId` and `tenantId`): which one
    /// .NET would use depends on file order, so we refuse to guess.
    func recordAmbiguousKeys(prefix: String, into recorder: inout ProblemRecorder) {
        for keys in ambiguousKeys {
            recorder.error(
                .ambiguousKey, key: prefix + keys[0],
                BilingualText(
                    "is given \(keys.count) times with different case (\(keys.joined(separator: ", "))); keys match without regard to case.",
                    "est donnée \(keys.count) fois avec une casse différente (\(keys.joined(separator: ", "))) ; les clés ne tiennent pas compte de la casse."),
                fix: BilingualText("Keep a single \(keys[0]) entry.", "Ne garder qu'une seule entrée \(keys[0])."))
        }
    }

    /// Warns about keys the service does not know; names only, since a mistyped key may hold a secret.
    func recordUnknownKeys(known: [String], prefix: String, into recorder: inout ProblemRecorder) {
        for key in keys(notIn: known) {
            let suggestion = known.first { $0.lowercased().hasPrefix(String(key.lowercased().prefix(4))) }
            recorder.warning(
                .unknownKey, key: prefix + key,
                BilingualText("is not a known key and is ignored.", "n'est pas une clé connue ; elle est ignorée."),
                fix: suggestion.map {
                    BilingualText("Check the spelling (did you mean \($0)?) or remove it.",
                                  "Vérifier l'orthographe (peut-être \($0) ?) ou la retirer.")
                } ?? BilingualText("Check the spelling against docs/configuration.md, or remove it.",
                                   "Vérifier l'orthographe dans docs/configuration.md, ou la retirer."))
        }
    }

    /// A text value, or nil when the key is absent or null. Lists and sections are reported.
    func string(_ key: String, prefix: String, into recorder: inout ProblemRecorder) -> String? {
        switch value(forKey: key) {
        case .scalar(let text): return text
        case .null, nil: return nil
        case let other?:
            recorder.error(
                .wrongType, key: prefix + key,
                BilingualText("must be a text value but is \(other.kindDescription(in: .english)).",
                              "doit être un texte mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write it as \"\(key)\": \"…\".", "L'écrire \"\(key)\": \"…\"."))
            return nil
        }
    }

    /// A list of text values, or nil when absent or null.
    func stringList(_ key: String, prefix: String, into recorder: inout ProblemRecorder) -> [String]? {
        switch value(forKey: key) {
        case .array(let items):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                if case .scalar(let text) = item {
                    strings.append(text)
                } else {
                    recorder.error(
                        .wrongType, key: "\(prefix)\(key)[\(index)]",
                        BilingualText("must be a text value but is \(item.kindDescription(in: .english)).",
                                      "doit être un texte mais est \(item.kindDescription(in: .french))."),
                        fix: BilingualText("Write each entry as a quoted string.", "Écrire chaque entrée entre guillemets."))
                }
            }
            return strings
        case .null, nil: return nil
        case let other?:
            recorder.error(
                .wrongType, key: prefix + key,
                BilingualText("must be a list but is \(other.kindDescription(in: .english)).",
                              "doit être une liste mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write it as \"\(key)\": [ \"…\", \"…\" ].", "L'écrire \"\(key)\": [ \"…\", \"…\" ]."))
            return nil
        }
    }

    /// A nested section, or nil when absent or null.
    func section(_ key: String, prefix: String, into recorder: inout ProblemRecorder) -> ConfigurationSection? {
        switch value(forKey: key) {
        case .section(let section): return section
        case .null, nil: return nil
        case let other?:
            recorder.error(
                .wrongType, key: prefix + key,
                BilingualText("must be a section ({ … }) but is \(other.kindDescription(in: .english)).",
                              "doit être une section ({ … }) mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write it as \"\(key)\": { … }.", "L'écrire \"\(key)\": { … }."))
            return nil
        }
    }

    /// `true`/`false` (any case, JSON booleans or strings, as .NET accepts).
    func bool(_ key: String, prefix: String, into recorder: inout ProblemRecorder) -> Bool? {
        guard let text = string(key, prefix: prefix, into: &recorder) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            recorder.error(
                .unknownValue, key: prefix + key,
                BilingualText("must be true or false but is \"\(text)\".", "doit valoir true ou false mais vaut \"\(text)\"."),
                fix: BilingualText("Write \"\(key)\": true or \"\(key)\": false.", "Écrire \"\(key)\": true ou \"\(key)\": false."))
            return nil
        }
    }

    /// A whole number within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, prefix: String, into recorder: inout ProblemRecorder) -> Int? {
        guard let text = string(key, prefix: prefix, into: &recorder) else { return nil }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            recorder.error(
                .invalidNumber, key: prefix + key,
                BilingualText(
                    "must be a whole number from \(range.lowerBound) to \(range.upperBound) but is \"\(text)\".",
                    "doit être un nombre entier de \(range.lowerBound) à \(range.upperBound) mais vaut \"\(text)\"."),
                fix: BilingualText("Write a number in that range, e.g. \"\(key)\": \(range.lowerBound).",
                                   "Écrire un nombre dans cet intervalle, par exemple \"\(key)\": \(range.lowerBound)."))
            return nil
        }
        return number
    }
}
