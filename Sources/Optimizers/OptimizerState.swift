import Tensor

/// A snapshot of everything an optimizer changes as it runs: the step count,
/// its named state vectors (moments, accumulators, per-weight rates) and any
/// scalar state, so that a run can be saved and resumed exactly.
///
/// The vectors are flat, one element per parameter, in the layout of the
/// parameter vector, so a checkpoint writer can store each one as a tensor
/// named `"<optimizer>.<vector>"` and the scalars in its JSON header.
/// Restoring a snapshot into a fresh optimizer with the same hyperparameters
/// makes its next updates identical, bit for bit, to those of the optimizer
/// the snapshot was taken from. Hyperparameters, the schedule and the
/// clipping are configuration, not state: they are not part of a snapshot.
///
/// Before the first update the vectors are empty (an optimizer allocates them
/// lazily, once it sees the parameter count).
public struct OptimizerState<Scalar: BLASScalar>: Codable, Equatable, Sendable {
    /// The name of the type that produced the snapshot, such as `"Adam"`.
    public var optimizer: String
    /// The number of updates applied so far.
    public var stepCount: Int
    /// The state vectors by name, each with one element per parameter (or
    /// empty before the first update).
    public var vectors: [String: [Scalar]]
    /// Scalar state by name (empty for most optimizers).
    public var scalars: [String: Scalar]

    /// A snapshot with the given contents.
    public init(
        optimizer: String, stepCount: Int, vectors: [String: [Scalar]] = [:],
        scalars: [String: Scalar] = [:]
    ) {
        self.optimizer = optimizer
        self.stepCount = stepCount
        self.vectors = vectors
        self.scalars = scalars
    }

    /// The vectors named `names`, in that order, after checking that the
    /// snapshot comes from `optimizer`, holds exactly these vectors and
    /// scalars, has a step count that is not negative, and that the vectors
    /// all have the same length.
    func checked(
        for optimizer: String, vectors names: [String], scalars scalarNames: [String] = []
    ) throws(OptimizerStateError) -> [[Scalar]] {
        guard self.optimizer == optimizer else {
            throw .wrongOptimizer(expected: optimizer, found: self.optimizer)
        }
        guard stepCount >= 0 else { throw .negativeStepCount(stepCount) }
        guard Set(vectors.keys) == Set(names) else {
            throw .wrongVectors(
                optimizer: optimizer, expected: names.sorted(), found: vectors.keys.sorted())
        }
        guard Set(scalars.keys) == Set(scalarNames) else {
            throw .wrongScalars(
                optimizer: optimizer, expected: scalarNames.sorted(),
                found: scalars.keys.sorted())
        }
        let result = names.map { vectors[$0]! }
        if let first = result.first {
            for (name, vector) in zip(names, result) where vector.count != first.count {
                throw .countMismatch(
                    optimizer: optimizer, vector: name, count: vector.count,
                    expected: first.count, expectedFrom: names[0])
            }
        }
        return result
    }
}

/// Why an ``OptimizerState`` cannot be restored into an optimizer.
public enum OptimizerStateError: Error, Equatable, CustomStringConvertible {
    /// The snapshot was taken from another kind of optimizer.
    case wrongOptimizer(expected: String, found: String)
    /// The snapshot's step count is negative.
    case negativeStepCount(Int)
    /// The snapshot does not hold exactly the vectors the optimizer keeps.
    case wrongVectors(optimizer: String, expected: [String], found: [String])
    /// The snapshot does not hold exactly the scalars the optimizer keeps.
    case wrongScalars(optimizer: String, expected: [String], found: [String])
    /// Two state vectors have different lengths.
    case countMismatch(
        optimizer: String, vector: String, count: Int, expected: Int, expectedFrom: String)

    /// One sentence that says what is wrong.
    public var description: String {
        switch self {
        case .wrongOptimizer(let expected, let found):
            "optimizer state: the snapshot is from \(found), not \(expected)"
        case .negativeStepCount(let count):
            "optimizer state: the step count \(count) is negative"
        case .wrongVectors(let optimizer, let expected, let found):
            "optimizer state: \(optimizer) keeps the vectors \(expected), the snapshot holds \(found)"
        case .wrongScalars(let optimizer, let expected, let found):
            "optimizer state: \(optimizer) keeps the scalars \(expected), the snapshot holds \(found)"
        case .countMismatch(let optimizer, let vector, let count, let expected, let expectedFrom):
            "optimizer state: \(optimizer)'s vector \(vector) has \(count) elements but \(expectedFrom) has \(expected)"
        }
    }
}
