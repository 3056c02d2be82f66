import Foundation
import SyncEngine
import Testing

@Suite struct ContactFieldsTests {
    let contact = ContactFields(
        givenName: " Marie ", middleName: "J.", surname: "Tremblay", displayName: "Marie Tremblay",
        companyName: "Contoso", jobTitle: "Buyer", department: "Purchasing",
        emailAddresses: ["Marie.Tremblay@Contoso.COM", "  ", "marie@home.example"],
        phones: [.business: "+1 514 555 0100", .mobile: " +1 514 555 0199 ", .businessFax: "+1 514 555 0101", .home: ""],
        addresses: [
            .business: PhysicalAddress(street: "1 rue Sainte-Catherine", city: "Montréal", state: "QC", postalCode: "H2X 1Y1", countryOrRegion: "Canada"),
            .home: PhysicalAddress(),
        ],
        notes: "Prefers mornings", categories: ["VIP", "clients", "vip", " Prextra "])

    @Test func roundTripsThroughAFieldSet() throws {
        let decoded = try ContactFields(fields: contact.fields)
        #expect(decoded == contact)
        #expect(decoded.fields == contact.fields)
    }

    @Test func normalisesSoThatEqualThingsCompareEqual() {
        #expect(contact.givenName == "Marie")
        #expect(contact.emailAddresses == ["marie.tremblay@contoso.com", "marie@home.example"])
        #expect(contact.phones == [.business: "+1 514 555 0100", .mobile: "+1 514 555 0199", .businessFax: "+1 514 555 0101"])
        #expect(contact.addresses.keys.sorted { $0.rawValue < $1.rawValue } == [.business])
        #expect(contact.categories == ["clients", "Prextra", "VIP"])
        let sameFromOutlook = ContactFields(
            givenName: "Marie", middleName: "J.", surname: "Tremblay", displayName: "Marie Tremblay", companyName: "Contoso",
            jobTitle: "Buyer", department: "Purchasing", emailAddresses: ["marie.tremblay@contoso.com", "MARIE@home.example"],
            phones: [.business: "+1 514 555 0100", .mobile: "+1 514 555 0199", .businessFax: "+1 514 555 0101"],
            addresses: contact.addresses, notes: "Prefers mornings\n", categories: ["Prextra", "VIP", "clients"])
        #expect(sameFromOutlook.fields == contact.fields)
    }

    @Test func usesStableFieldNames() {
        let names = Set(contact.fields.values.keys)
        #expect(
            names == [
                "givenName", "middleName", "surname", "displayName", "companyName", "jobTitle", "department", "email1",
                "email2", "businessPhone", "mobilePhone", "businessFax", "businessAddress", "notes", "categories",
            ])
        #expect(contact.fields["businessAddress"] == .map(["street": "1 rue Sainte-Catherine", "city": "Montréal", "state": "QC", "postalCode": "H2X 1Y1", "countryOrRegion": "Canada"]))
    }

    @Test func keepsAtMostThreeEmailAddresses() {
        let many = ContactFields(emailAddresses: ["a@x.example", "b@x.example", "c@x.example", "d@x.example"])
        #expect(many.emailAddresses.count == 3)
        #expect(many.fields["email3"] == "c@x.example")
    }

    @Test func aFieldOfTheWrongShapeIsAnErrorNamingTheField() {
        #expect(throws: FieldSetDecodingError(kind: .contact, field: "surname", expected: "text", found: 42)) {
            try ContactFields(fields: ["surname": 42])
        }
        #expect(throws: FieldSetDecodingError.self) { try ContactFields(fields: ["businessAddress": "not a map"]) }
    }

    @Test func theFieldSetJSONFormIsStable() throws {
        let fields: FieldSet = ["surname": "Roy", "categories": ["A"]]
        let json = try JSONEncoder().encode(fields)
        #expect(try JSONDecoder().decode(FieldSet.self, from: json) == fields)
        let decoded = try ContactFields(fields: JSONDecoder().decode(FieldSet.self, from: JSONEncoder().encode(contact.fields)))
        #expect(decoded == contact)
    }

    @Test func contentKeyIgnoresCaseAndPrefersTheEmail() {
        let a = ContactFields(givenName: "Léa", surname: "Roy", emailAddresses: ["Lea@Example.com"]).fields
        let b = ContactFields(givenName: "LEA", surname: "ROY", companyName: "Other", emailAddresses: ["lea@example.com"]).fields
        #expect(ContentKey.make(kind: .contact, fields: a) == ContentKey.make(kind: .contact, fields: b))
        let noEmail = ContactFields(displayName: "Léa Roy", companyName: "Contoso").fields
        let otherCompany = ContactFields(displayName: "léa roy", companyName: "Fabrikam").fields
        #expect(ContentKey.make(kind: .contact, fields: noEmail) != ContentKey.make(kind: .contact, fields: otherCompany))
    }
}
