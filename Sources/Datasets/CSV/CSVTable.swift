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
}
