/// A CSV file parsed and checked in `Double`, before conversion to the
/// dataset's precision.
@usableFromInline
struct CSVTable {
    /// The feature values, row after row (the label column left out).
    @usableFromInline let values: [Double]
    /// The number of data rows.
    @usableFromInline let rowCount: Int
    /// The number of feature columns.
    @usableFromInline let featureCount: Int
    /// The class of each row.
    @usableFromInline let labels: [Int]
    /// The number of classes.
    @usableFromInline let classCount: Int
    /// The class names, if the labels were strings.
    @usableFromInline let classNames: [String]?
    /// The regression targets, row after row (`rowCount x targetNames.count`;
    /// empty for class labels).
    @usableFromInline let targets: [Double]
    /// The target columns' names (the header's, or `y<index>`).
    @usableFromInline let targetNames: [String]
    /// The sample weights, if the file has a weight column.
    @usableFromInline let weights: [Double]?
}
