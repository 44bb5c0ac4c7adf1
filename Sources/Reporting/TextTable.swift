/// A plain-text table with aligned columns, for the confusion matrix and
/// the classification report.
struct TextTable {
    /// How a column's cells line up.
    enum Alignment {
        case left
        case right
    }

    /// One alignment per column.
    var alignments: [Alignment]
    /// The rows; an empty row prints as an empty line. Rows shorter than
    /// ``alignments`` are padded with empty cells.
    var rows: [[String]] = []
    /// Spaces between columns.
    var gap = 2

    /// The rows, each cell padded to its column's width, trailing spaces
    /// removed, lines joined with newlines.
    func render() -> String {
        var widths = [Int](repeating: 0, count: alignments.count)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }
        let separator = String(repeating: " ", count: gap)
        return rows.map { row in
            guard !row.isEmpty else { return "" }
            let cells = alignments.indices.map { column in
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .left ? cell + padding : padding + cell
            }
            return String(
                cells.joined(separator: separator).reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }
}
