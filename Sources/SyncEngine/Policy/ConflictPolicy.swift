/// How a field changed differently on both sides since the base is settled.
public enum ConflictPolicy: String, Codable, Sendable, CaseIterable, Hashable {
    case crmWins = "crm-wins"
    case outlookWins = "outlook-wins"
    /// The side whose modification instant is later wins; a tie or a missing instant goes to the CRM.
    case latestWins = "latest-wins"
}
