/// Which side may write to which, for one entity kind.
public enum SyncDirection: String, Codable, Sendable, CaseIterable, Hashable {
    /// Changes flow both ways; fields changed on both sides are settled by the conflict policy.
    case twoWay = "two-way"
    /// The CRM is the source: Outlook mirrors it, and edits made in Outlook are overwritten.
    case crmToOutlook = "crm-to-outlook"
    /// Outlook is the source: the CRM mirrors it, and edits made in the CRM are overwritten.
    case outlookToCrm = "outlook-to-crm"
    /// Nothing is synchronized for this kind.
    case off

    /// Whether the engine may write to Outlook (create, update, delete items).
    public var writesOutlook: Bool { self == .twoWay || self == .crmToOutlook }
    /// Whether the engine may write to the CRM (create, update, delete records).
    public var writesCRM: Bool { self == .twoWay || self == .outlookToCrm }
}
