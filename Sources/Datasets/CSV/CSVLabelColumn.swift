/// Which column of a CSV file holds the class labels; every other column is
/// a numeric feature.
public enum CSVLabelColumn: Equatable, Sendable, CustomStringConvertible {
    /// The column with this name in the header row (surrounding spaces are
    /// ignored).
    case name(String)
    /// The column at this index, counted from 0.
    case index(Int)
    /// The last column.
    case last
    /// The header's column named `label`, `class`, `target` or `y`, the
    /// first of those names found in that order (ignoring case and
    /// surrounding spaces); without one, or without a header, the last
    /// column. The default.
    case automatic

    /// The names ``automatic`` looks for, most preferred first.
    public static let conventionalNames = ["label", "class", "target", "y"]

    /// `"species"`, `index 4` or `last`, as error messages quote it
    /// (``automatic`` can only fail to find the last column).
    public var description: String {
        switch self {
        case .name(let name): "\"\(name)\""
        case .index(let index): "index \(index)"
        case .last, .automatic: "last"
        }
    }
}
