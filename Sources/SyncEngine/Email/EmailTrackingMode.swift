/// Which mail of an environment's mailboxes reaches the CRM. Tracking mail is a privacy decision
/// the customer makes, so the default is `off`.
///
/// In every mode but `off`, a message the user tags with the environment's e-mail category is
/// tracked: the tag is the user's own opt-in, as for items (blueprint invariant 6).
public enum EmailTrackingMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// No mail is read or tracked.
    case off
    /// Mail in the Inbox and Sent Items whose sender or a To/Cc recipient is the e-mail address
    /// of a contact record of the environment.
    case crmContacts
    /// Only mail the user tags with the configured category.
    case category
    /// Mail tagged with the category, and every reply in a thread already tracked.
    case repliesToTracked
}
