import ExchangeWebServices
import SyncEngine

/// The named MAPI properties the connector writes besides the standard fields.
///
/// All but the completion date live in PublicStrings, so that EWS and Graph (`singleValueExtendedProperties`)
/// see the same values.
enum EWSNamedProperties {
    /// The sync tag (`PrextraRecordId`): the id of the record an item mirrors (DESIGN.md, "tag").
    static let tag = ExtendedPropertyPath.publicString("PrextraRecordId")

    /// The IANA zone the start was written in. Exchange keeps only Windows zones, and one Windows zone
    /// covers many IANA zones (Europe/Zurich and Europe/Berlin are both `W. Europe Standard Time`),
    /// so the IANA id is kept beside it and used when it still maps to the item's Windows zone.
    static let startTimeZone = ExtendedPropertyPath.publicString("PrextraStartTimeZone")
    /// The IANA zone the end was written in (see `startTimeZone`).
    static let endTimeZone = ExtendedPropertyPath.publicString("PrextraEndTimeZone")

    /// Addresses of the attendees that are resources (rooms, equipment): the EWS client models
    /// required and optional attendees only, so resources travel as optional ones listed here.
    static let resourceAttendees = ExtendedPropertyPath(
        propertySet: .publicStrings, key: .name("PrextraResourceAttendees"), type: "StringArray")

    /// `PidLidTaskDateCompleted` (PSETID_Task, 0x810F): the property behind EWS `task:CompleteDate`,
    /// which the EWS client reads but does not write.
    static let taskDateCompleted = ExtendedPropertyPath(
        propertySet: .distinguished("Task"), key: .id(0x810F), type: "SystemTime")

    /// Every property an item shape must ask for, by entity kind.
    static func paths(for kind: EntityKind) -> [ExtendedPropertyPath] {
        switch kind {
        case .contact: [tag]
        case .task: [tag, taskDateCompleted]
        case .appointment: [tag, startTimeZone, endTimeZone, resourceAttendees]
        }
    }
}

extension Array where Element == ExtendedProperty {
    /// Sets (or with `nil`, removes) a property.
    mutating func set(_ path: ExtendedPropertyPath, _ value: String?) {
        removeAll { $0.path == path }
        if let value { append(ExtendedProperty(path: path, value: value)) }
    }

    /// Sets (or with an empty list, removes) a multi-valued property.
    mutating func set(_ path: ExtendedPropertyPath, values: [String]) {
        removeAll { $0.path == path }
        if !values.isEmpty { append(ExtendedProperty(path: path, values: values)) }
    }

    /// The values of a multi-valued property.
    func values(for path: ExtendedPropertyPath) -> [String] {
        first { $0.path.propertySet == path.propertySet && $0.path.key == path.key }?.values ?? []
    }
}
