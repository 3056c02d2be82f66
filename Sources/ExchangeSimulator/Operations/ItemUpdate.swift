import Foundation

/// Applies one ItemChange's `Updates` (SetItemField, AppendToItemField, DeleteItemField) to a
/// copy of an item; nothing is stored unless every update succeeds.
struct ItemUpdate {
    let order: SchemaElementOrder
    let timeZoneContext: TimeZone

    static let appendable: Set<String> = [
        "Body", "ToRecipients", "CcRecipients", "BccRecipients", "ReplyTo", "RequiredAttendees", "OptionalAttendees",
        "Resources",
    ]
    static let undeletable: Set<String> = ["Start", "End", "ItemClass"]

    func apply(_ updates: XMLElementNode, to original: StoredItem) throws(EWSError) -> StoredItem {
        var item = original
        for update in updates.children {
            guard let path = update.children.first else { throw EWSError("ErrorInvalidRequest", "An update has no property path.") }
            switch update.name {
            case "SetItemField", "AppendToItemField":
                guard update.children.count == 2 else { throw EWSError.incorrectUpdatePropertyCount() }
                let carrier = update.children[1]
                guard carrier.name == item.kind.elementName || carrier.name == "Item" else {
                    throw EWSError(
                        "ErrorUpdatePropertyMismatch", "The item type in the change description (\(carrier.name)) does not match the item (\(item.kind.elementName)).")
                }
                guard carrier.children.count == 1, let value = carrier.children.first else { throw EWSError.incorrectUpdatePropertyCount() }
                if update.name == "SetItemField" {
                    try set(path: path, value: value, on: &item)
                } else {
                    try append(path: path, value: value, on: &item)
                }
            case "DeleteItemField":
                try delete(path: path, on: &item)
            default:
                throw EWSError("ErrorInvalidRequest", "Unknown update \(update.name).")
            }
        }
        return item
    }

    private func set(path: XMLElementNode, value: XMLElementNode, on item: inout StoredItem) throws(EWSError) {
        switch path.name {
        case "FieldURI":
            let uri = path[attribute: "FieldURI"] ?? ""
            let name = ItemShape.propertyName(of: uri)
            guard value.name == name else {
                throw EWSError("ErrorUpdatePropertyMismatch", "The property \(value.name) does not match the path \(uri).")
            }
            guard !ItemPropertyRules.readOnly.contains(name) else { throw EWSError.invalidPropertySet(uri) }
            guard order.has(name, in: item.kind.schemaType) else { throw EWSError.invalidPropertyRequest(uri) }
            var properties = [value]
            try ItemPropertyRules.normalizeDates(
                &properties, schemaType: item.kind.schemaType, order: order, context: timeZoneContext, existing: item)
            item.setProperty(properties[0])
            if name == "Recurrence" {
                try RecurrenceRule.validate(value)
                // A new pattern discards the exceptions of the old one.
                item.modifiedOccurrences = [:]
                item.deletedOccurrences = []
            }
            if name == "StartTimeZone" || name == "EndTimeZone" {
                if let id = value[attribute: "Id"], TimeZoneResolution.timeZone(windowsId: id) == nil {
                    throw EWSError("ErrorTimeZone", "The time zone '\(id)' is not a valid time zone id.")
                }
            }
        case "IndexedFieldURI":
            let uri = path[attribute: "FieldURI"] ?? ""
            let index = path[attribute: "FieldIndex"] ?? ""
            let arrayName = ItemShape.indexedPropertyName(of: uri)
            guard value.name == arrayName, value.children.count == 1, let entry = value.children.first,
                entry[attribute: "Key"] == index
            else {
                throw EWSError("ErrorUpdatePropertyMismatch", "The value does not match the indexed path \(uri) \(index).")
            }
            var array = item.property(arrayName) ?? .t(arrayName)
            if let position = array.children.firstIndex(where: { $0[attribute: "Key"] == index }) {
                if entry.children.isEmpty {
                    array.children[position] = entry
                } else {
                    // Physical addresses: merge the sub-fields.
                    var merged = array.children[position]
                    for field in entry.children {
                        merged.children.removeAll { $0.name == field.name }
                        merged.children.append(field)
                    }
                    merged.children = order.sorted(merged.children, as: "PhysicalAddressDictionaryEntryType")
                    array.children[position] = merged
                }
            } else {
                array.children.append(entry)
            }
            item.setProperty(array)
        case "ExtendedFieldURI":
            guard let key = ExtendedPropertyKey(fieldURI: path) else {
                throw EWSError("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.")
            }
            guard value.name == "ExtendedProperty", let uri = value.child("ExtendedFieldURI"), ExtendedPropertyKey(fieldURI: uri) == key
            else { throw EWSError("ErrorUpdatePropertyMismatch", "The extended property does not match the path.") }
            try ExtendedPropertyValue.check(value, type: key.propertyType)
            item.extendedProperties[key] = value
        default:
            throw EWSError("ErrorInvalidRequest", "Unknown property path \(path.name).")
        }
    }

    private func append(path: XMLElementNode, value: XMLElementNode, on item: inout StoredItem) throws(EWSError) {
        let uri = path[attribute: "FieldURI"] ?? ""
        let name = ItemShape.propertyName(of: uri)
        guard path.name == "FieldURI", value.name == name, Self.appendable.contains(name) else {
            throw EWSError("ErrorInvalidPropertyAppend", "The property \(uri) does not support append.")
        }
        guard var current = item.property(name) else {
            item.setProperty(value)
            return
        }
        if name == "Body" {
            current.text += value.text
        } else {
            current.children += value.children
        }
        item.setProperty(current)
    }

    private func delete(path: XMLElementNode, on item: inout StoredItem) throws(EWSError) {
        switch path.name {
        case "FieldURI":
            let uri = path[attribute: "FieldURI"] ?? ""
            let name = ItemShape.propertyName(of: uri)
            guard !ItemPropertyRules.readOnly.contains(name), !Self.undeletable.contains(name) else {
                throw EWSError("ErrorInvalidPropertyDelete", "The property \(uri) cannot be deleted.")
            }
            guard order.has(name, in: item.kind.schemaType) else { throw EWSError.invalidPropertyRequest(uri) }
            item.removeProperty(name)
            if name == "Recurrence" {
                item.modifiedOccurrences = [:]
                item.deletedOccurrences = []
            }
        case "IndexedFieldURI":
            let arrayName = ItemShape.indexedPropertyName(of: path[attribute: "FieldURI"] ?? "")
            let index = path[attribute: "FieldIndex"] ?? ""
            guard var array = item.property(arrayName) else { return }
            array.children.removeAll { $0[attribute: "Key"] == index }
            if array.children.isEmpty { item.removeProperty(arrayName) } else { item.setProperty(array) }
        case "ExtendedFieldURI":
            guard let key = ExtendedPropertyKey(fieldURI: path) else {
                throw EWSError("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.")
            }
            item.extendedProperties[key] = nil
        default:
            throw EWSError("ErrorInvalidRequest", "Unknown property path \(path.name).")
        }
    }
}
