import SyncEngine
import Testing

@Suite struct InternetMessageIDTests {
    @Test func addsMissingAngleBracketsAndRefusesEmptyValues() {
        #expect(InternetMessageID(" abc@x.org ")?.rawValue == "<abc@x.org>")
        #expect(InternetMessageID("<abc@x.org>") == InternetMessageID("abc@x.org"))
        #expect(InternetMessageID("") == nil)
        #expect(InternetMessageID("<>") == nil)
    }

    @Test func readsTheIdentifiersOfAReferencesHeaderInOrder() {
        let header = "<a@x.org>\r\n <b@y.org>  junk <c@z.org>"
        #expect(InternetMessageID.list(fromHeader: header).map(\.rawValue) == ["<a@x.org>", "<b@y.org>", "<c@z.org>"])
        #expect(InternetMessageID.list(fromHeader: "bare@x.org").map(\.rawValue) == ["<bare@x.org>"])
        #expect(InternetMessageID.list(fromHeader: "").isEmpty)
    }
}
