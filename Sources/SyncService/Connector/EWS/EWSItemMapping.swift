import ExchangeWebServices
import SyncEngine

/// Converts one entity kind between the engine's `FieldSet` and the EWS item model.
///
/// Reading goes through the engine's typed model, so what is read is normalised the way the engine
/// compares. Writing goes field by field, so that an update sends SetItemField/DeleteItemField for
/// exactly the fields of the patch, and a create is the same writes for every field.
protocol EWSItemMapping {
    static var kind: EntityKind { get }

    /// The engine fields of an item read from the mailbox.
    static func fields(of item: Item) throws(EWSMappingError) -> FieldSet

    /// The item to create for `fields` (validated through the engine's typed model first).
    static func newItem(with fields: FieldSet) throws(EWSMappingError) -> Item

    /// Whether writing `patch` needs the item's current fields (e.g. an all-day day needs its zone).
    static func needsCurrentFields(for patch: FieldPatch) -> Bool

    /// The item carrying the patch's values and the EWS fields to set or delete (a listed field
    /// with no value in the item becomes a DeleteItemField).
    static func change(for patch: FieldPatch, current: FieldSet?) throws(EWSMappingError) -> (item: Item, fields: [ItemField])
}

extension EWSItemMapping {
    static func needsCurrentFields(for patch: FieldPatch) -> Bool { false }
}

/// The mapping of each entity kind.
enum EWSItemMappings {
    static func mapping(for kind: EntityKind) -> any EWSItemMapping.Type {
        switch kind {
        case .contact: ContactItemMapping.self
        case .appointment: AppointmentItemMapping.self
        case .task: TaskItemMapping.self
        }
    }

    /// The typed model's normalised fields, or a mapping error naming the bad field.
    static func normalized(_ fields: FieldSet, kind: EntityKind) throws(EWSMappingError) -> FieldSet {
        do {
            switch kind {
            case .contact: return try ContactFields(fields: fields).fields
            case .appointment: return try AppointmentFields(fields: fields).fields
            case .task: return try TaskFields(fields: fields).fields
            }
        } catch {
            throw EWSMappingError(kind: kind, field: error.field, problem: error.description)
        }
    }
}
