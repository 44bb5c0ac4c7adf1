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

    /// `"species"`, `index 4` or `last`, as error messages quote it.
    public var description: String {
        switch self {
        case .name(let name): "\"\(name)\""
        case .index(let index): "index \(index)"
        case .last: "last"
        }
    }
}
