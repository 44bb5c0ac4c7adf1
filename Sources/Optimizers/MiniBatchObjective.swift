import Tensor

/// An objective evaluated one mini-batch at a time: the average loss of a
/// model over batch `b` of the current epoch, `L_b(w)`, and its gradient.
///
/// An epoch visits batches `0..<batchesPerEpoch`; ``prepareEpoch(_:)`` is
/// called before the first batch of each epoch, with the epoch's number, so
/// that a conforming type can reshuffle its examples from a generator seeded
/// by that number. A run resumed at epoch `e` then sees exactly the batches
/// an uninterrupted run sees. The gradient goes into a caller-owned buffer,
/// as in ``Objective``.
public protocol MiniBatchObjective<Scalar> {
    /// The floating-point type of the parameters, the value and the gradient.
    associatedtype Scalar: BLASScalar

    /// The number of parameters `n`.
    var parameterCount: Int { get }

    /// The number of mini-batches in one epoch (at least 1).
    var batchesPerEpoch: Int { get }

    /// Gets ready for epoch `epoch` (counted from 0), for example by
    /// shuffling the examples into new batches.
    mutating func prepareEpoch(_ epoch: Int)

    /// The value `L_b(w)` on batch `batch` (in `0..<batchesPerEpoch`) of the
    /// current epoch at `parameters`, with its gradient written into
    /// `gradient` (overwritten, not accumulated into).
    mutating func valueAndGradient(
        onBatch batch: Int,
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar
}
