/// Which MAPI named property an extended property is (`t:ExtendedFieldURI`).
public struct ExtendedPropertyPath: Hashable, Sendable {
    public enum PropertySet: Hashable, Sendable {
        /// `DistinguishedPropertySetId="PublicStrings"`, the set for application-defined names.
        case publicStrings
        /// Another distinguished set (`Common`, `Appointment`, `Address`, `Task`...).
        case distinguished(String)
        /// A property set by GUID (`PropertySetId`).
        case guid(String)
    }

    public enum Key: Hashable, Sendable {
        case name(String)
        case id(Int)
    }

    public var propertySet: PropertySet
    public var key: Key
    /// The MAPI type: `String`, `Integer`, `Boolean`, `SystemTime`, `StringArray`...
    public var type: String

    /// A GUID set is kept in one spelling (upper case, no braces), and the PublicStrings GUID
    /// as `.publicStrings`, so that equal paths compare equal.
    public init(propertySet: PropertySet, key: Key, type: String = "String") {
        self.propertySet = Self.canonical(propertySet)
        self.key = key
        self.type = type
    }

    /// A named string property in PublicStrings, the way other MAPI clients see it too.
    public static func publicString(_ name: String) -> Self {
        Self(propertySet: .publicStrings, key: .name(name))
    }

    /// The GUID of the PublicStrings set, which Exchange may return instead of its name.
    public static let publicStringsGUID = "00020329-0000-0000-C000-000000000046"

    /// Two paths name the same property when Exchange may spell one with the set's GUID.
    func sameProperty(as other: Self) -> Bool {
        normalized == other.normalized
    }

    var normalized: Self {
        var copy = self
        copy.propertySet = Self.canonical(propertySet)
        return copy
    }

    static func canonical(_ set: PropertySet) -> PropertySet {
        guard case .guid(let guid) = set else { return set }
        let spelled = guid.trimmingCharacters(in: ["{", "}"]).uppercased()
        return spelled == publicStringsGUID ? .publicStrings : .guid(spelled)
    }
}

/// A named property and its value(s) on an item.
public struct ExtendedProperty: Hashable, Sendable {
    public var path: ExtendedPropertyPath
    /// One value for single-valued types, several for the `…Array` types.
    public var values: [String]

    public init(path: ExtendedPropertyPath, value: String) {
        self.path = path
        self.values = [value]
    }

    public init(path: ExtendedPropertyPath, values: [String]) {
        self.path = path
        self.values = values
    }

    public var value: String? { values.first }
    var isMultiValued: Bool { path.type.hasSuffix("Array") }
}

extension Array where Element == ExtendedProperty {
    /// The value of a property, matching PublicStrings by name or by GUID.
    public func value(for path: ExtendedPropertyPath) -> String? {
        first { $0.path.sameProperty(as: path) }?.value
    }
}

import Foundation
