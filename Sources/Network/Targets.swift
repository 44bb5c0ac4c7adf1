import Tensor

/// What a batch should produce: class labels or target values, one per
/// sample (row) of the batch.
///
/// Labels stand for one-hot rows where a loss needs values (`y_ij = 1` when
/// `j` is the label); with ``Loss/binaryCrossEntropy`` and one output, a
/// label 0 or 1 is the target itself.
public struct Targets<Scalar: BLASScalar>: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case labels(ArraySlice<Int>)
        case values(MatrixSlice<Scalar>)
    }

    @usableFromInline let storage: Storage

    /// Class indices, one per sample.
    @inlinable
    public init(labels: ArraySlice<Int>) { storage = .labels(labels) }

    /// Class indices, one per sample.
    @inlinable
    public init(labels: [Int]) { storage = .labels(labels[...]) }

    /// Target rows (one-hot, probabilities or regression values), one per
    /// sample.
    @inlinable
    public init(values: MatrixSlice<Scalar>) { storage = .values(values) }

    /// Target rows, one per sample.
    @inlinable
    public init(values: Matrix<Scalar>) { storage = .values(values.rows(0..<values.rows)) }

    /// The number of samples.
    @inlinable
    public var count: Int {
        switch storage {
        case .labels(let labels): labels.count
        case .values(let values): values.rows
        }
    }

    /// The targets of samples `range` (counted from 0), sharing storage.
    @inlinable
    public func samples(_ range: Range<Int>) -> Targets {
        switch storage {
        case .labels(let labels):
            let start = labels.startIndex
            return Targets(labels: labels[(start + range.lowerBound)..<(start + range.upperBound)])
        case .values(let values):
            return Targets(values: values.rows(range))
        }
    }
}
