/// Recognizes client-secret values that cannot be right.
enum ClientSecretRule {
    /// The placeholder of the setup guide (`XXXX~XXXXXXXX…`), an `<angle-bracketed>` hint, a
    /// string of only masking characters, or a word such as `changeme`.
    static func isPlaceholder(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("<"), trimmed.hasSuffix(">") { return true }
        if trimmed.uppercased().hasPrefix("XXXX") { return true }
        if let tilde = trimmed.firstIndex(of: "~"), tilde > trimmed.startIndex,
           trimmed[..<tilde].allSatisfy({ $0 == "X" || $0 == "x" }) {
            return true
        }
        if trimmed.allSatisfy({ "xX*.~-_•…#".contains($0) }) { return true }
        let words: Set<String> = ["changeme", "change-me", "secret", "clientsecret", "client-secret", "your-secret",
                                  "yoursecret", "your_client_secret", "todo", "tbd", "placeholder", "value"]
        return words.contains(trimmed.lowercased())
    }
}
