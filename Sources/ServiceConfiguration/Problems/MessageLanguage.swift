/// The languages operator-facing messages are written in.
public enum MessageLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case english = "en"
    case french = "fr"

    /// The language a POSIX locale names (`LANG=fr_CA.UTF-8` → French), English otherwise.
    public static func fromLocale(_ locale: String?) -> MessageLanguage {
        guard let locale, locale.lowercased().hasPrefix("fr") else { return .english }
        return .french
    }
}

/// A message written in both languages.
public struct BilingualText: Sendable, Hashable {
    public let english: String
    public let french: String

    public init(_ english: String, _ french: String) {
        self.english = english
        self.french = french
    }

    public func text(in language: MessageLanguage) -> String {
        language == .french ? french : english
    }

    func map(_ transform: (String) -> String) -> BilingualText {
        BilingualText(transform(english), transform(french))
    }
}
