import Tensor

/// A ``MiniBatchObjective`` made of closures: the mini-batch counterpart of
/// ``ClosureObjective``, for tests and small problems.
///
/// As there, the gradient buffer is zeroed before the closure runs, so the
/// closure may assign the components or accumulate into them.
public struct ClosureMiniBatchObjective<Scalar: BLASScalar>: MiniBatchObjective {
    /// Computes `L_b(w)` on batch `b` (the first argument) and writes its
    /// gradient into the last buffer (zero on entry).
    public typealias ValueAndGradient =
        (Int, UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) -> Scalar

    /// The number of parameters `n`.
    public let parameterCount: Int
    /// The number of mini-batches in one epoch.
    public let batchesPerEpoch: Int
    /// Called with the epoch's number before its first batch.
    public let prepareEpochClosure: (Int) -> Void
    /// The closure behind ``valueAndGradient(onBatch:at:gradient:)``.
    public let valueAndGradientClosure: ValueAndGradient

    /// A mini-batch objective of `parameterCount` parameters.
    ///
    /// - Parameters:
    ///   - parameterCount: The number of parameters `n` (not negative).
    ///   - batchesPerEpoch: The number of batches in an epoch (at least 1).
    ///   - prepareEpoch: Called before each epoch; defaults to doing nothing.
    ///   - valueAndGradient: Computes a batch's value and writes its gradient.
    public init(
        parameterCount: Int,
        batchesPerEpoch: Int,
        prepareEpoch: @escaping (Int) -> Void = { _ in },
        valueAndGradient: @escaping ValueAndGradient
    ) {
        require(
            parameterCount >= 0, "ClosureMiniBatchObjective: parameterCount \(parameterCount) < 0")
        require(
            batchesPerEpoch >= 1,
            "ClosureMiniBatchObjective: batchesPerEpoch \(batchesPerEpoch) < 1")
        self.parameterCount = parameterCount
        self.batchesPerEpoch = batchesPerEpoch
        self.prepareEpochClosure = prepareEpoch
        self.valueAndGradientClosure = valueAndGradient
    }

    /// Calls the `prepareEpoch` closure.
    public func prepareEpoch(_ epoch: Int) {
        prepareEpochClosure(epoch)
    }

    /// The value on batch `batch` at `parameters`, with its gradient written
    /// into `gradient` (zeroed first).
    public func valueAndGradient(
        onBatch batch: Int,
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        require(
            (0..<batchesPerEpoch).contains(batch),
            "ClosureMiniBatchObjective: batch \(batch) is outside 0..<\(batchesPerEpoch)")
        require(
            parameters.count == parameterCount && gradient.count == parameterCount,
            "ClosureMiniBatchObjective: parameters has \(parameters.count) elements and gradient \(gradient.count), but the objective has \(parameterCount) parameters"
        )
        return parameters.withUnsafeScalars { w in
            gradient.withUnsafeMutableScalars { g in
                g.update(repeating: 0)
                return valueAndGradientClosure(batch, w, g)
            }
        }
    }
}
