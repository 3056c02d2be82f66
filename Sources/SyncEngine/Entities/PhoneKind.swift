/// The telephone numbers a contact carries (a subset of EWS `PhoneNumberKeyType`); each is its own field.
public enum PhoneKind: String, Codable, Sendable, CaseIterable, Hashable {
    case business = "businessPhone"
    case business2 = "businessPhone2"
    case mobile = "mobilePhone"
    case home = "homePhone"
    case home2 = "homePhone2"
    case businessFax = "businessFax"
    case homeFax = "homeFax"
    case assistant = "assistantPhone"
    case pager = "pager"
    case other = "otherPhone"

    /// The `FieldSet` field holding this number.
    public var fieldName: String { rawValue }
}
