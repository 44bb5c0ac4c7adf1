/// Where a value sits in its source, for error messages.
public enum RecordLocation: Equatable, Sendable, CustomStringConvertible {
    /// Sample (row) `index` of an in-memory dataset, counted from 0.
    case sample(Int)
    /// Record `number` of a binary file such as an IDX labels file, counted
    /// from 1.
    case record(path: String, number: Int)
    /// Line `number` of a text file, counted from 1.
    case line(path: String, number: Int)

    /// `sample 12`, `labels.idx: record 13`, `data.csv: line 7`.
    public var description: String {
        switch self {
        case .sample(let index): "sample \(index)"
        case .record(let path, let number): "\(path): record \(number)"
        case .line(let path, let number): "\(path): line \(number)"
        }
    }
}
