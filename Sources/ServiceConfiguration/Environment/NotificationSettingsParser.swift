import Foundation

/// Reads an environment's `"Notifications"` section. Its problems are warnings: an environment
/// whose notifications cannot work still synchronizes, by polling.
enum NotificationSettingsParser {
    static let prefix = "Notifications:"

    /// The `Notifications` section of `environment`, nil when absent or refused. Every problem,
    /// a section that is not an object included, is recorded as a warning.
    static func parse(from environment: ConfigurationSection, into recorder: inout ProblemRecorder) -> NotificationSettings? {
        var local = ProblemRecorder(location: recorder.location)
        let settings = environment.section("Notifications", prefix: "", into: &local).flatMap { read($0, into: &local) }
        recorder.recordAsWarnings(
            local,
            consequence: BilingualText(
                "Notifications are off for this environment; it synchronizes by polling.",
                "Les notifications sont désactivées pour cet environnement ; il se synchronise par interrogation périodique."))
        return local.hasErrors ? nil : settings
    }

    private static func read(_ section: ConfigurationSection, into recorder: inout ProblemRecorder) -> NotificationSettings? {
        section.recordUnknownKeys(known: ["Url", "SubscriptionLifetimeMinutes"], prefix: prefix, into: &recorder)
        let lifetime = section.integer("SubscriptionLifetimeMinutes", in: 45...10080, prefix: prefix, into: &recorder)
        guard let text = section.string("Url", prefix: prefix, into: &recorder) else {
            if !recorder.problems.contains(where: { $0.key == prefix + "Url" }) {
                recorder.error(
                    .missingKey, key: prefix + "Url", BilingualText("is missing.", "est absente."),
                    fix: BilingualText(
                        "Add \"Url\": the public https address of this service's /v1/notifications/graph route, e.g. https://sync.example.com/v1/notifications/graph.",
                        "Ajouter \"Url\" : l'adresse https publique de la route /v1/notifications/graph de ce service, par exemple https://sync.example.com/v1/notifications/graph."))
            }
            return nil
        }
        guard let url = EndpointURLRule.validate(
            text, key: prefix + "Url", purpose: "notification", example: "https://sync.example.com/v1/notifications/graph", into: &recorder)
        else { return nil }
        return NotificationSettings(
            url: url, subscriptionLifetime: .seconds((lifetime ?? NotificationSettings.defaultSubscriptionLifetimeMinutes) * 60))
    }
}
