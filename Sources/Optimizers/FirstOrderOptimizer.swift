import Tensor

/// An update rule that moves a flat parameter vector `w` along (a function
/// of) the gradient `g = grad L(w)`, in place: gradient descent, the momentum
/// methods and the per-parameter adaptive methods (Goodfellow, Bengio and
/// Courville, *Deep Learning*, MIT Press 2016, sections 8.3 and 8.5).
///
/// Every conforming type shares the same options and the same life cycle:
///
/// - ``learningRate`` is the initial rate `gamma_0`; ``schedule`` turns it
///   into `gamma_k` (``currentLearningRate``) from ``stepCount``.
/// - ``clipping`` limits each gradient as the rule reads it; the caller's
///   gradient buffer is never modified.
/// - State buffers (moments, accumulators) are allocated on the first
///   ``update(_:along:)``, to the parameter count, and reused afterwards:
///   later updates allocate nothing. Every later call must pass the same
///   number of parameters.
/// - ``state`` and ``restore(_:)`` save and restore everything that evolves,
///   exactly (see ``OptimizerState``).
///
/// ```swift
/// var adam = Adam<Float>(learningRate: 1e-3, clipping: .byNorm(threshold: 5))
/// adam.update(&parameters, along: gradient)
/// ```
public protocol FirstOrderOptimizer<Scalar> {
    /// The floating-point type of the parameters and the gradient.
    associatedtype Scalar: BLASScalar

    /// The initial learning rate `gamma_0`, which ``schedule`` scales.
    var learningRate: Scalar { get set }

    /// How the learning rate changes with ``stepCount``.
    var schedule: LearningRateSchedule<Scalar> { get set }

    /// How the gradient is clipped before the rule uses it.
    var clipping: GradientClipping<Scalar> { get set }

    /// The number of updates applied so far, `k`.
    var stepCount: Int { get }

    /// Applies one update to `parameters` given their `gradient` (the same
    /// number of elements), and increments ``stepCount``.
    mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>)

    /// Everything the optimizer has changed since it was created.
    var state: OptimizerState<Scalar> { get }

    /// Replaces the optimizer's state by `state`, a snapshot taken from an
    /// optimizer of the same type; throws when the snapshot does not fit.
    mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError)
}

extension FirstOrderOptimizer {
    /// The rate `gamma_k` the next update uses: ``schedule`` applied to
    /// ``learningRate`` at ``stepCount``.
    @inlinable
    public var currentLearningRate: Scalar {
        schedule.learningRate(learningRate, atStep: stepCount)
    }

    /// Evaluates `objective` and its gradient at `parameters`, writing the
    /// gradient into `gradient`, then applies one update. Returns the value
    /// at the parameters before the update.
    @inlinable
    @discardableResult
    public mutating func step<O: Objective>(
        _ objective: inout O,
        parameters: inout some MutableScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar where O.Scalar == Scalar {
        let value = objective.valueAndGradient(at: parameters, gradient: &gradient)
        update(&parameters, along: gradient)
        return value
    }

    /// Evaluates batch `batch` of `objective` and its gradient at
    /// `parameters`, writing the gradient into `gradient`, then applies one
    /// update. Returns the batch's value before the update.
    @inlinable
    @discardableResult
    public mutating func step<O: MiniBatchObjective>(
        _ objective: inout O,
        batch: Int,
        parameters: inout some MutableScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar where O.Scalar == Scalar {
        let value = objective.valueAndGradient(
            onBatch: batch, at: parameters, gradient: &gradient)
        update(&parameters, along: gradient)
        return value
    }
}
