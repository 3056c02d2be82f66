import SyncEngine
import Testing

@Suite struct EmailAddressRuleTests {
    @Test(arguments: ["Client@Fabrikam.COM", " client@fabrikam.com\t", "first.last+tag@sub.fabrikam.co.uk"])
    func wellFormedAddressesMatchInLowerCase(address: String) throws {
        let key = try #require(EmailAddressRule.matchable(address))
        #expect(key == key.lowercased())
        #expect(!key.hasPrefix(" ") && !key.hasSuffix("\t"))
    }

    @Test(arguments: [
        "", "client", "client@", "@fabrikam.com", "client@fabrikam", "client@@fabrikam.com", "client@fabrikam..com",
        "two words@fabrikam.com", "<client@fabrikam.com>", "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ALICE",
        "undisclosed-recipients:;",
    ])
    func malformedAddressesMatchNothing(address: String) {
        #expect(EmailAddressRule.matchable(address) == nil)
    }
}
