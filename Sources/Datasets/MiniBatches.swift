import Tensor

/// A dataset's mini-batches in order: batch `i` holds samples
/// `i * size ..< min((i + 1) * size, n)`, the last one possibly smaller.
///
/// `Element.features` is a `MatrixSlice` that BLAS reads in place: for a
/// dataset whose ``Dataset/features`` are its stored scalars (read from
/// scalars, every row in order, not standardized) a row range of them, no
/// copy; for any other dataset (a view such as an ``EpochShuffler``'s
/// order, a standardized one, IDX images held as bytes) the batch's rows
/// gathered into a new matrix (``Dataset/gatherFeatures(at:into:)``), a
/// batch-sized allocation per batch. A training loop that cares gathers
/// into a buffer of its own instead. `Element.labels` is the matching
/// slice of the labels; it keeps the dataset's indices (it starts at
/// `i * size`), so index it from `labels.startIndex`, or pass it to a
/// consumer that does (`Targets(labels:)`). A regression dataset has no
/// labels: its batches' `labels` are empty, and its targets are read with
/// ``Dataset/gatherTargetValues(at:into:)`` over ``sampleRange(ofBatch:)``.
///
/// To visit the samples in a new order each epoch, batch the dataset that an
/// ``EpochShuffler`` reorders.
public struct MiniBatches<Scalar: BLASScalar>: RandomAccessCollection, Sendable {
    /// The features and labels of one batch.
    public typealias Element = (features: MatrixSlice<Scalar>, labels: ArraySlice<Int>)

    /// The samples being batched.
    public let dataset: Dataset<Scalar>
    /// The number of samples per batch (all but possibly the last).
    public let batchSize: Int

    /// The batches of `dataset` with `batchSize` samples each. Stops unless
    /// `batchSize > 0`.
    @inlinable
    public init(_ dataset: Dataset<Scalar>, batchSize: Int) {
        require(batchSize > 0, "MiniBatches: batch size \(batchSize) is not positive")
        self.dataset = dataset
        self.batchSize = batchSize
    }

    /// 0.
    @inlinable public var startIndex: Int { 0 }

    /// The number of batches, `ceil(n / batchSize)`.
    @inlinable public var endIndex: Int { (dataset.count + batchSize - 1) / batchSize }

    /// The samples that batch `index` holds.
    @inlinable
    public func sampleRange(ofBatch index: Int) -> Range<Int> {
        require(
            index >= 0 && index < endIndex,
            "MiniBatches: batch \(index) out of range for \(endIndex) batches")
        return index * batchSize..<Swift.min((index + 1) * batchSize, dataset.count)
    }

    /// Batch `index`: its rows of the features and the matching labels.
    @inlinable
    public subscript(index: Int) -> Element {
        let range = sampleRange(ofBatch: index)
        let (width, rows) = (dataset.featureCount, range.count)
        if let elements = dataset.sharedElements {
            let all = Matrix(rows: dataset.count, columns: width, elements: elements)
            return (all.rows(range), labels(range))
        }
        let gathered = [Scalar](unsafeUninitializedCapacity: rows * width) {
            buffer, initialized in
            if let base = buffer.baseAddress { dataset.gatherFeatures(at: range, into: base) }
            initialized = rows * width
        }
        let batch = Matrix(rows: rows, columns: width, elements: gathered)
        return (batch.rows(0..<rows), labels(range))
    }

    /// The labels of the samples in `range`; none for a regression set.
    @inlinable
    func labels(_ range: Range<Int>) -> ArraySlice<Int> {
        dataset.isRegression ? [] : dataset.labels[range]
    }
}

extension Dataset {
    /// The mini-batches of `size` samples in the current order, the last one
    /// holding the remaining `count % size` samples when that is not zero.
    @inlinable
    public func batches(size: Int) -> MiniBatches<Scalar> {
        MiniBatches(self, batchSize: size)
    }
}
