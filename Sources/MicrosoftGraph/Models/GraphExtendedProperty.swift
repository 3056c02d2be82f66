/// A single-value MAPI extended property (`singleValueLegacyExtendedProperty`), e.g. the tag
/// `String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId` the sync puts on items.
public struct GraphExtendedProperty: GraphModel {
    public static var graphTypeName: String { "singleValueLegacyExtendedProperty" }

    public var id: String?
    public var value: String?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case value
    }

    public init(id: String, value: String) {
        self.id = id
        self.value = value
    }
}
