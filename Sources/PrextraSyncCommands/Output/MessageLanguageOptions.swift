import ArgumentParser
import ServiceConfiguration

/// `--lang en|fr`, shared by commands that print messages for operators. Without it, the
/// language comes from `LC_ALL`, `LC_MESSAGES` or `LANG` (French when it starts with `fr`).
public struct MessageLanguageOptions: ParsableArguments {
    public enum Choice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case en, fr
    }

    @Option(name: .long, help: "Language of the messages: en or fr (default: from LC_ALL, LC_MESSAGES or LANG).")
    public var lang: Choice?

    public init() {}

    /// The language chosen with `--lang`, or the one the environment's locale names.
    public func language(in context: CommandContext) -> MessageLanguage {
        if let lang { return lang == .fr ? .french : .english }
        let variables = context.environmentVariables
        let locale = [variables["LC_ALL"], variables["LC_MESSAGES"], variables["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        return MessageLanguage.fromLocale(locale)
    }
}
