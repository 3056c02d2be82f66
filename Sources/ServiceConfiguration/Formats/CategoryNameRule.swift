import Foundation

/// A category name as Outlook takes it: 1 to 255 characters, without `,` or `;` (which separate
/// categories in Outlook's lists).
enum CategoryNameRule {
    /// The trimmed name, or nil after recording an `unknown-value` error on `key`.
    /// - Parameter fix: what to write, e.g. "Write the name users give items to send them to the CRM".
    static func validate(_ text: String, key: String, fix: BilingualText, into recorder: inout ProblemRecorder) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.isEmpty || trimmed.count > 255 || trimmed.contains(",") || trimmed.contains(";") else { return trimmed }
        recorder.error(
            .unknownValue, key: key,
            BilingualText("must be a category name of 1 to 255 characters without , or ; (got \"\(text)\").",
                          "doit être un nom de catégorie de 1 à 255 caractères sans , ni ; (reçu \"\(text)\")."),
            fix: BilingualText(fix.english + ", e.g. \"Prextra\".", fix.french + ", par exemple \"Prextra\"."))
        return nil
    }
}
