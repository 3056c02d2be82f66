import Foundation

/// Reads an environment's `"Email"` section. Its problems are warnings, and any of them leaves
/// tracking `Off`: a mistake in an optional, privacy-sensitive feature neither stops the
/// environment's other records nor tracks more mail than the customer asked for.
enum EmailTrackingSettingsParser {
    static let prefix = "Email:"
    static let knownKeys = ["Track", "Category", "LookbackDays", "MaxBodyBytes"]

    /// - Parameter defaultCategory: the environment's `Sync:Category`, used when `Email:Category` is absent.
    static func parse(
        from environment: ConfigurationSection, defaultCategory: String, into recorder: inout ProblemRecorder
    ) -> EmailTrackingSettings {
        var local = ProblemRecorder(location: recorder.location)
        let settings = environment.section("Email", prefix: "", into: &local).map {
            read($0, defaultCategory: defaultCategory, into: &local)
        }
        recorder.recordAsWarnings(
            local,
            consequence: BilingualText(
                "E-mail tracking is Off for this environment until this is fixed.",
                "Le suivi des e-mails est désactivé (Off) pour cet environnement jusqu'à correction."))
        guard !local.hasErrors, let settings else { return .off }
        return settings
    }

    private static func read(
        _ section: ConfigurationSection, defaultCategory: String, into recorder: inout ProblemRecorder
    ) -> EmailTrackingSettings {
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        section.recordUnknownKeys(known: knownKeys, prefix: prefix, into: &recorder)
        let mode = section.enumValue("Track", as: EmailTrackingMode.self, prefix: prefix, into: &recorder)
        if mode == nil, !section.contains("Track") {
            recorder.error(
                .missingKey, key: prefix + "Track", BilingualText("is missing.", "est absente."),
                fix: BilingualText(
                    "Add \"Track\": one of \(EmailTrackingMode.allConfigurationNames); \"Off\" tracks no mail.",
                    "Ajouter \"Track\" : l'une des valeurs \(EmailTrackingMode.allConfigurationNames) ; \"Off\" ne suit aucun e-mail."))
        }
        var category = defaultCategory
        if let text = section.string("Category", prefix: prefix, into: &recorder),
            let name = CategoryNameRule.validate(
                text, key: prefix + "Category",
                fix: BilingualText("Write the category users give a message to send it to the CRM",
                                   "Écrire la catégorie que les utilisateurs donnent à un e-mail pour l'envoyer au CRM"),
                into: &recorder)
        {
            category = name
        }
        let lookback = section.integer("LookbackDays", in: EmailTrackingSettings.lookbackDaysRange, prefix: prefix, into: &recorder)
        let maxBody = section.integer("MaxBodyBytes", in: EmailTrackingSettings.maxBodyBytesRange, prefix: prefix, into: &recorder)
        return EmailTrackingSettings(
            mode: mode ?? .off, category: category, lookbackDays: lookback ?? EmailTrackingSettings.defaultLookbackDays,
            maxBodyBytes: maxBody ?? EmailTrackingSettings.defaultMaxBodyBytes)
    }
}
