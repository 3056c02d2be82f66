/// A value of the configuration written as one of a fixed set of names.
///
/// Spellings are compared without case, `-`, `_` or spaces, so `TwoWay`, `two-way` and
/// `TWO_WAY` are the same value; messages show the canonical spelling.
protocol ConfigurationEnumValue: CaseIterable, Sendable {
    /// The canonical spelling, as documented.
    var configurationName: String { get }
}

extension ConfigurationEnumValue {
    static func parse(_ text: String) -> Self? {
        let wanted = normalized(text)
        return allCases.first { normalized($0.configurationName) == wanted }
    }

    static var allConfigurationNames: String {
        allCases.map(\.configurationName).joined(separator: ", ")
    }

    private static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    }
}

extension ConfigurationSection {
    /// Reads an enumerated value, reporting an unknown spelling with the accepted ones.
    func enumValue<Value: ConfigurationEnumValue>(
        _ key: String, as type: Value.Type, prefix: String, into recorder: inout ProblemRecorder
    ) -> Value? {
        guard let text = string(key, prefix: prefix, into: &recorder) else { return nil }
        guard let value = Value.parse(text) else {
            recorder.error(
                .unknownValue, key: prefix + key,
                BilingualText("is \"\(text)\", which is not one of \(Value.allConfigurationNames).",
                              "vaut \"\(text)\", qui n'est pas l'une des valeurs \(Value.allConfigurationNames)."),
                fix: BilingualText("Write one of \(Value.allConfigurationNames).", "Écrire l'une des valeurs \(Value.allConfigurationNames)."))
            return nil
        }
        return value
    }
}
