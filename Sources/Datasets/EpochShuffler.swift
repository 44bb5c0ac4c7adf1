import Tensor

/// Puts a dataset in a new random order each epoch, without copying it.
///
/// ``shuffle(using:)`` draws a permutation and makes ``current`` the view of
/// ``original`` in that order: it rewrites the view's row indices and
/// labels (two `Int`s per sample, in arrays allocated at the first shuffle
/// and reused), never the features, which stay in the original's storage.
/// A trainer gathers each batch from ``current`` into its own input buffer
/// with ``Dataset/gatherFeatures(at:into:)``:
///
/// ```swift
/// var shuffler = EpochShuffler(training)
/// for epoch in 0..<epochs {
///     shuffler.shuffle(using: &generator)
///     for start in stride(from: 0, to: training.count, by: 64) {
///         let positions = start..<min(start + 64, training.count)
///         shuffler.current.gatherFeatures(at: positions, into: inputs)
///         // train on the batch in `inputs`
///     }
/// }
/// ```
///
/// ``batches(size:)`` still works, each batch then gathered into a new
/// matrix (see ``MiniBatches``). The index arrays are reused only while no
/// one else holds them: a copy of ``current`` kept from the previous epoch
/// makes the next shuffle allocate new ones (copy-on-write), which is
/// correct, just slower.
public struct EpochShuffler<Scalar: BLASScalar>: Sendable {
    /// The dataset in its original order.
    public let original: Dataset<Scalar>
    /// The dataset in this epoch's order, a view of ``original``'s storage:
    /// sample `i` is `original`'s sample `permutation[i]`.
    @inlinable public var current: Dataset<Scalar> { shuffled }
    /// This epoch's order; the identity before the first shuffle.
    @inlinable public var permutation: [Int] { order }

    @usableFromInline var shuffled: Dataset<Scalar>
    @usableFromInline var order: [Int]

    /// A shuffler over `dataset`; ``current`` is `dataset` in its original
    /// order until the first ``shuffle(using:)``.
    @inlinable
    public init(_ dataset: Dataset<Scalar>) {
        original = dataset
        shuffled = dataset
        order = Array(0..<dataset.count)
    }

    /// Draws a new order from `generator` (see
    /// ``Swift/Array/init(randomPermutationOf:using:)``) and makes
    /// ``current`` the original in that order, in place.
    @inlinable
    public mutating func shuffle(using generator: inout some RandomNumberGenerator) {
        order.makeRandomPermutation(using: &generator)
        shuffled.select(order, of: original)
    }

    /// This epoch's mini-batches of `size` samples (``Dataset/batches(size:)``
    /// of ``current``).
    @inlinable
    public func batches(size: Int) -> MiniBatches<Scalar> {
        shuffled.batches(size: size)
    }
}
