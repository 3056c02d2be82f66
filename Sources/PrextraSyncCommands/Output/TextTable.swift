/// A plain-text table for terminals: a header row, a rule, then rows, columns padded to the
/// widest cell and separated by two spaces.
public struct TextTable: Sendable {
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    public mutating func addRow(_ cells: [String]) {
        rows.append((0..<columns.count).map { $0 < cells.count ? Self.singleLine(cells[$0]) : "" })
    }

    /// The table as text, one line per row, ending with a newline. The last column is not
    /// padded, so lines carry no trailing spaces.
    public func rendered() -> String {
        let widths = columns.indices.map { column in
            ([columns[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padded(toWidth: widths[index])
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([line(columns), line(rule)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension String {
    /// Pads with spaces to `width` Characters, which is what a terminal shows for the Latin
    /// and accented text of this product.
    func padded(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
