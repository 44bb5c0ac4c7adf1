import Tensor

/// Puts a dataset in a new random order each epoch, reusing one buffer.
///
/// Mini-batches must be contiguous row ranges (``MiniBatches``), so a
/// shuffled epoch cannot just visit rows through a permutation. Instead
/// ``shuffle(using:)`` draws a permutation and copies the rows into
/// ``current`` in that order: one pass over the data per epoch, into
/// storage allocated once by ``init(_:)``. The batches are then row ranges
/// of ``current``, with no copy per batch.
///
/// ```swift
/// var shuffler = EpochShuffler(training)
/// for epoch in 0..<epochs {
///     shuffler.shuffle(using: &generator)
///     for batch in shuffler.batches(size: 64) { /* train on batch */ }
/// }
/// ```
///
/// The buffer is reused only while no one else holds it: a batch (or a copy
/// of ``current``) kept from the previous epoch makes the next shuffle copy
/// the storage first (copy-on-write), which is correct, just slower.
public struct EpochShuffler<Scalar: BLASScalar>: Sendable {
    /// The dataset in its original order.
    public let original: Dataset<Scalar>
    /// The dataset in this epoch's order: sample `i` is `original`'s sample
    /// `permutation[i]`.
    @inlinable public var current: Dataset<Scalar> { shuffled }
    /// This epoch's order; the identity before the first shuffle.
    @inlinable public var permutation: [Int] { order }

    @usableFromInline var shuffled: Dataset<Scalar>
    @usableFromInline var order: [Int]

    /// A shuffler over `dataset`, allocating the buffer for the shuffled
    /// copy. ``current`` is `dataset` in its original order until the first
    /// ``shuffle(using:)``.
    @inlinable
    public init(_ dataset: Dataset<Scalar>) {
        original = dataset
        shuffled = dataset.subset(0..<dataset.count)
        order = Array(0..<dataset.count)
    }

    /// Draws a new order from `generator` (see
    /// ``Swift/Array/init(randomPermutationOf:using:)``) and rearranges
    /// ``current`` into it, in place.
    @inlinable
    public mutating func shuffle(using generator: inout some RandomNumberGenerator) {
        order.makeRandomPermutation(using: &generator)
        shuffled.gatherRows(of: original, at: order)
    }

    /// This epoch's mini-batches of `size` samples (``Dataset/batches(size:)``
    /// of ``current``).
    @inlinable
    public func batches(size: Int) -> MiniBatches<Scalar> {
        shuffled.batches(size: size)
    }
}
