import Foundation

/// The language of operator-facing messages.
public enum DiagnosticLanguage: String, Sendable, CaseIterable, Codable {
    case english = "en"
    case french = "fr"

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG` (first set wins); French for `fr*`, English otherwise.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticLanguage {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("fr") ? .french : .english
            }
        }
        return .english
    }
}
