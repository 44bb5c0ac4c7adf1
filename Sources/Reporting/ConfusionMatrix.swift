import Tensor
/// Counts of (actual class, predicted class) pairs for a `k`-class
/// classifier: `counts[actual][predicted]`.
///
/// ```swift
/// let matrix = try ConfusionMatrix(predicted: [0, 1, 1, 2], actual: [0, 1, 2, 2], classCount: 3)
/// matrix.counts[2][1]  // 1: one sample of class 2 predicted as class 1
/// matrix.accuracy      // 0.75
/// print(matrix.table(classNames: ["cat", "dog", "bird"]))
/// print(matrix.classificationReport())
/// ```
///
/// Row `i` (actual class `i`) sums to the class's support; column `j` sums
/// to the number of predictions of class `j`; the diagonal holds the
/// correct predictions. The metrics are in `ConfusionMatrix+Metrics.swift`,
/// the text renderings in `ConfusionMatrix+Table.swift` and
/// `ConfusionMatrix+Report.swift`.
public struct ConfusionMatrix: Equatable, Sendable {
    /// The number of classes `k`; both indices of ``counts`` lie in `0..<k`.
    public let classCount: Int
    /// `counts[actual][predicted]`: how many samples of class `actual` were
    /// predicted as class `predicted`; `k x k`.
    public private(set) var counts: [[Int]]
    /// The number of pairs recorded: the sum of all ``counts``.
    public private(set) var total: Int

    /// An empty matrix for `classCount` classes, to fill with
    /// ``record(predicted:actual:)`` batch by batch.
    ///
    /// Stops (a programmer error) when `classCount < 1`.
    public init(classCount: Int) {
        require(
            classCount >= 1, "ConfusionMatrix: classCount \(classCount) must be at least 1")
        self.classCount = classCount
        self.counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        self.total = 0
    }

    /// The matrix of `predicted[i]` against `actual[i]` for every `i`.
    ///
    /// - Throws: ``ReportingError/classOutOfRange(role:value:sample:classCount:)``
    ///   for the first index outside `0..<classCount` (labels come from data
    ///   files, so a bad one is a data error, not a bug); `sample` is its
    ///   position `i`.
    ///
    /// Stops (a programmer error) when the two arrays differ in length,
    /// naming both lengths.
    public init(predicted: [Int], actual: [Int], classCount: Int) throws(ReportingError) {
        require(
            predicted.count == actual.count,
            "ConfusionMatrix: \(predicted.count) predicted classes for \(actual.count) actual classes"
        )
        self.init(classCount: classCount)
        for (prediction, label) in zip(predicted, actual) {
            try record(predicted: prediction, actual: label)
        }
    }

    /// The matrix with these counts, `counts[actual][predicted]`, `k x k`:
    /// for instance the sum of matrices counted on separate shares of a
    /// test set.
    ///
    /// - Throws: ``ReportingError/invalidCounts(_:)`` when `counts` is not
    ///   square with at least one class, or holds a negative count.
    public init(counts: [[Int]]) throws(ReportingError) {
        guard !counts.isEmpty, counts.allSatisfy({ $0.count == counts.count }) else {
            throw .invalidCounts(
                "\(counts.count) rows of \(counts.map(\.count)) counts; a confusion matrix is k x k with k >= 1")
        }
        guard counts.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else {
            throw .invalidCounts("a count is negative")
        }
        self.classCount = counts.count
        self.counts = counts
        self.total = counts.joined().reduce(0, +)
    }

    /// Adds one pair: a sample of class `actual` predicted as `predicted`.
    ///
    /// - Throws: ``ReportingError/classOutOfRange(role:value:sample:classCount:)``
    ///   when either index is outside `0..<classCount`, with ``total`` (the
    ///   number of pairs recorded before) as the sample's position; the
    ///   matrix is left unchanged.
    public mutating func record(predicted: Int, actual: Int) throws(ReportingError) {
        guard (0..<classCount).contains(actual) else {
            throw .classOutOfRange(
                role: "actual", value: actual, sample: total, classCount: classCount)
        }
        guard (0..<classCount).contains(predicted) else {
            throw .classOutOfRange(
                role: "predicted", value: predicted, sample: total, classCount: classCount)
        }
        counts[actual][predicted] += 1
        total += 1
    }
}
