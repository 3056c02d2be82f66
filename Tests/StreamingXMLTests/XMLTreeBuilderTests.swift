import Testing

@testable import StreamingXML

@Suite("XMLTreeBuilder")
struct XMLTreeBuilderTests {
    @Test func buildsATreeAndDropsWhitespaceBetweenElements() throws {
        let builder = XMLTreeBuilder()
        try XMLPushParser.parse(Array("<a x=\"1\">\n  <b>  two  </b>\n  <c/>\n</a>".utf8), handler: builder)
        let root = try #require(builder.root)
        #expect(root.attribute("x") == "1")
        #expect(root.text == "")
        #expect(root.children.map(\.localName) == ["b", "c"])
        #expect(root.childText("b") == "  two  ")
    }

    @Test func handsOverDetachedFragmentsAndKeepsThemOutOfTheTree() throws {
        var seen: [(String, [String])] = []
        let builder = XMLTreeBuilder(
            detaching: { _, ancestors in ancestors.last?.localName == "Items" },
            onDetached: { node, ancestors in seen.append((node.childText("Subject") ?? "", ancestors.map(\.localName))) })
        let document = "<r><Items><I><Subject>one</Subject></I><I><Subject>two</Subject></I></Items><Tail>t</Tail></r>"
        try XMLPushParser.parse(Array(document.utf8), handler: builder)
        #expect(seen.map(\.0) == ["one", "two"])
        #expect(seen.first?.1 == ["r", "Items"])
        let root = try #require(builder.root)
        #expect(root.child("Items")?.children.isEmpty == true)
        #expect(root.childText("Tail") == "t")
    }
}
