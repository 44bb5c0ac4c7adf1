/// A column of a CSV file, for error messages: its index, counted from 0 as
/// in ``CSVLabelColumn/index(_:)``, and its name when the file has a header.
public struct CSVColumn: Equatable, Sendable, CustomStringConvertible {
    /// The index among all fields of a line, counted from 0.
    public var index: Int
    /// The header's name for the column, if the file has a header row.
    public var name: String?

    /// A column at `index` named `name`.
    public init(index: Int, name: String? = nil) {
        self.index = index
        self.name = name
    }

    /// `column "petal_length" (index 2)`, or `column index 2` without a name.
    public var description: String {
        if let name { "column \"\(name)\" (index \(index))" } else { "column index \(index)" }
    }
}
