/// A postal address of a contact.
public struct PhysicalAddress: Codable, Sendable, Hashable {
    /// Which of a contact's addresses this is (EWS `PhysicalAddressKey`).
    public enum Kind: String, Codable, Sendable, CaseIterable, Hashable {
        case business, home, other

        /// The `FieldSet` field holding this address.
        public var fieldName: String { rawValue + "Address" }
    }

    public var street: String?
    public var city: String?
    public var state: String?
    public var postalCode: String?
    public var countryOrRegion: String?

    public init(
        street: String? = nil, city: String? = nil, state: String? = nil, postalCode: String? = nil,
        countryOrRegion: String? = nil
    ) {
        self.street = TextNormalization.trimmed(street)
        self.city = TextNormalization.trimmed(city)
        self.state = TextNormalization.trimmed(state)
        self.postalCode = TextNormalization.trimmed(postalCode)
        self.countryOrRegion = TextNormalization.trimmed(countryOrRegion)
    }

    var isEmpty: Bool { fieldValue == nil }

    var fieldValue: FieldValue? {
        var writer = FieldWriter()
        writer.set("street", text: street)
        writer.set("city", text: city)
        writer.set("state", text: state)
        writer.set("postalCode", text: postalCode)
        writer.set("countryOrRegion", text: countryOrRegion)
        return writer.map
    }

    init(reading reader: FieldReader) throws(FieldSetDecodingError) {
        self.init(
            street: try reader.text("street"), city: try reader.text("city"), state: try reader.text("state"),
            postalCode: try reader.text("postalCode"), countryOrRegion: try reader.text("countryOrRegion"))
    }
}
