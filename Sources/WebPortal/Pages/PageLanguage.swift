/// The languages of the web pages: French and English.
public enum PageLanguage: String, Sendable, CaseIterable {
    case french = "fr"
    case english = "en"

    /// `fr` or `en` (an invitation's language, a `lang` query parameter); nil for any other.
    public init?(code: String?) {
        guard let code, let language = PageLanguage(rawValue: code.lowercased()) else { return nil }
        self = language
    }

    /// The other language, offered by a link on every page.
    var other: PageLanguage { self == .french ? .english : .french }
}
