import Foundation

/// Shows how far the first sync is: a bar redrawn in place on a terminal, one plain line per
/// mailbox otherwise (logs, pipes, tests).
final class DemoProgressDisplay: Sendable {
    enum Style: String, Sendable { case bar, lines, none }

    private let output: CommandOutput
    private let style: Style
    private let total: Int
    /// The terminal's width: the bar's line must fit in it, or `\r` cannot redraw it.
    private let columns: Int

    init(output: CommandOutput, style: Style, total: Int, columns: Int = 80) {
        self.output = output
        self.style = style
        self.total = total
        self.columns = max(columns, 40)
    }

    /// The style for the process's standard output: a bar only on a terminal.
    static func automaticStyle(environment: [String: String]) -> Style {
        isatty(STDOUT_FILENO) != 0 && environment["TERM"] != "dumb" ? .bar : .lines
    }

    /// A mailbox's cycle is done.
    func update(done: Int, current: String, counts: DemoCycleCounts, written: Int) {
        switch style {
        case .none: return
        case .lines:
            output.line(
                "  [\(pad(done))/\(total)] \(current): read \(Self.count(counts.itemsRead, "Outlook item")), "
                    + "wrote \(Self.count(counts.outlookWrites, "item")) to Outlook and \(Self.count(counts.crmWrites, "record")) to the CRM")
        case .bar:
            draw(done: done, current: current, written: written)
        }
    }

    /// A cycle is under way (only the bar shows it).
    func live(done: Int, current: String, written: Int) {
        if style == .bar { draw(done: done, current: current, written: written) }
    }

    private func draw(done: Int, current: String, written: Int) {
        let width = 20
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        // \r returns to the line start; the padding wipes a longer previous line.
        let text = "  \(bar) \(pad(done))/\(total) · \(written) writes · \(current)"
        output.write("\r" + String(text.prefix(columns - 1)).padded(toWidth: columns - 1))
    }

    static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    func finish() {
        if style == .bar { output.line() }
    }

    private func pad(_ value: Int) -> String {
        String(value).padded(toWidth: String(total).count).reversedPadding
    }
}

extension String {
    /// Moves trailing padding to the front (right-aligns a number padded on the right).
    fileprivate var reversedPadding: String {
        let spaces = reversed().prefix { $0 == " " }.count
        return String(repeating: " ", count: spaces) + dropLast(spaces)
    }
}
