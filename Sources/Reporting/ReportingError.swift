/// Problems met while building or reading reports: class indices outside
/// the confusion matrix, a history CSV that cannot be read back, a report
/// file that cannot be written.
///
/// Thrown rather than trapped (docs/ARCHITECTURE.md, principle 6): they come from data
/// and files, not from bugs. Each ``description`` is one line that says
/// where and what, ready for a command-line tool to print on stderr. Lines
/// count from 1, as editors do; samples count from 0, as Swift arrays do.
public enum ReportingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A class index outside `0..<classCount` given to a ``ConfusionMatrix``:
    /// `role` is `"predicted"` or `"actual"`, `sample` the position of the
    /// pair among all pairs the matrix has seen.
    case classOutOfRange(role: String, value: Int, sample: Int, classCount: Int)
    /// Counts given to ``ConfusionMatrix/init(counts:)`` that are not a
    /// square matrix of non-negative counts; `reason` says which.
    case invalidCounts(String)
    /// A history CSV whose first line is not ``TrainingHistory/csvHeader``.
    case wrongHistoryHeader(source: String, found: String)
    /// A history CSV line without exactly eight fields.
    case wrongHistoryFieldCount(source: String, line: Int, expected: Int, found: Int)
    /// A history CSV field that is not a number, or that is empty in a
    /// column that must have a value; `column` is the header's name for it.
    case invalidHistoryValue(source: String, line: Int, column: String, field: String)
    /// A file that cannot be read; `reason` is the system's message.
    case unreadableFile(path: String, reason: String)
    /// A file that cannot be written (or its temporary file not renamed over
    /// it); `reason` is the system's message.
    case unwritableFile(path: String, reason: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .classOutOfRange(let role, let value, let sample, let classCount):
            return "sample \(sample): \(role) class \(value) is outside 0..<\(classCount)"
        case .invalidCounts(let reason):
            return "confusion matrix counts: \(reason)"
        case .wrongHistoryHeader(let source, let found):
            return
                "\(source): line 1: expected the header '\(TrainingHistory.csvHeader)', found '\(found)'"
        case .wrongHistoryFieldCount(let source, let line, let expected, let found):
            return "\(source): line \(line): expected \(expected) fields, found \(found)"
        case .invalidHistoryValue(let source, let line, let column, let field):
            return field.isEmpty
                ? "\(source): line \(line): missing value in column '\(column)'"
                : "\(source): line \(line): '\(field)' in column '\(column)' is not a valid value"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .unwritableFile(let path, let reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}
