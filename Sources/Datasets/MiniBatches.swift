import Tensor

/// A dataset's mini-batches in order: batch `i` holds samples
/// `i * size ..< min((i + 1) * size, n)`, the last one possibly smaller.
///
/// Each batch is a pair of views, not copies: ``Element/features`` is a row
/// range of the dataset's feature matrix (``MatrixSlice``, which BLAS reads
/// in place) and ``Element/labels`` the matching slice of its labels. The
/// labels slice keeps the dataset's indices (it starts at `i * size`);
/// index it from `labels.startIndex`, or pass it to a consumer that does
/// (`Targets(labels:)`).
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
        precondition(batchSize > 0, "MiniBatches: batch size \(batchSize) is not positive")
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
        precondition(
            index >= 0 && index < endIndex,
            "MiniBatches: batch \(index) out of range for \(endIndex) batches")
        return index * batchSize..<Swift.min((index + 1) * batchSize, dataset.count)
    }

    /// Batch `index`: a row range of the features and the matching labels.
    @inlinable
    public subscript(index: Int) -> Element {
        let range = sampleRange(ofBatch: index)
        return (dataset.features.rows(range), dataset.labels[range])
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
