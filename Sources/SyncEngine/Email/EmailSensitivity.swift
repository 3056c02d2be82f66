/// The sensitivity an Outlook user gives a message (EWS `SensitivityChoicesType`, Graph
/// `sensitivity`). Only `normal` mail may be tracked.
public enum EmailSensitivity: String, Sendable, Hashable, Codable, CaseIterable {
    case normal = "Normal"
    case personal = "Personal"
    case `private` = "Private"
    case confidential = "Confidential"

    /// Private, personal and confidential mail never reaches the CRM, whatever the mode.
    public var allowsTracking: Bool { self == .normal }
}
