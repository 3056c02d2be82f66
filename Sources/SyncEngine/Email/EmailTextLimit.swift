/// Cuts text to a size without splitting a character, so a cut body is still valid text.
public enum EmailTextLimit {
    /// The longest prefix of `text` whose UTF-8 form fits in `maxBytes`, and whether anything was cut.
    public static func prefix(_ text: String, maxUTF8Bytes maxBytes: Int) -> (text: String, truncated: Bool) {
        guard text.utf8.count > maxBytes else { return (text, false) }
        var bytes = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let size = text.utf8.distance(from: index, to: next)
            if bytes + size > maxBytes { break }
            bytes += size
            end = next
        }
        return (String(text[..<end]), true)
    }

    /// The first `maxCharacters` characters of `text`, and whether anything was cut.
    public static func prefix(_ text: String, maxCharacters: Int) -> (text: String, truncated: Bool) {
        guard text.count > maxCharacters else { return (text, false) }
        return (String(text.prefix(maxCharacters)), true)
    }
}
