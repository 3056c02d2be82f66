import Testing
import PrextraSyncCommands

@Suite("Shared output formats")
struct TextTableTests {
    @Test func columnsAlignOnTheWidestCell() {
        var table = TextTable(columns: ["NAME", "STATUS", "NOTE"])
        table.addRow(["prextra", "valid", "ok"])
        table.addRow(["autreClient", "invalid", ""])
        table.addRow(["é", "x"])
        #expect(table.rendered() == """
            NAME         STATUS   NOTE
            -----------  -------  ----
            prextra      valid    ok
            autreClient  invalid
            é            x

            """)
    }

    @Test func cellsStayOnOneLine() {
        var table = TextTable(columns: ["A", "B"])
        table.addRow(["two\nlines", "b", "dropped"])
        #expect(table.rows == [["two lines", "b"]])
    }

    @Test func jsonIsSortedAndKeepsSlashes() throws {
        struct Sample: Encodable { let zeta = 1; let alpha = "https://example.com/a" }
        #expect(try JSONOutput.render(Sample()) == """
            {
              "alpha" : "https://example.com/a",
              "zeta" : 1
            }
            """)
    }
}
