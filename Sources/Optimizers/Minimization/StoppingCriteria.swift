import Tensor

/// The limits and tolerances every method shares, with defaults that
/// depend on the precision: Float cannot resolve what Double can, so its
/// tolerances are looser (about `sqrt(eps)` of each type for the relative
/// decrease, as scipy's `factr` does for Double).
public struct StoppingCriteria<Scalar: BLASScalar>: Sendable {
    /// Converged when `||g|| <= gradientTolerance * max(1, ||x||)`.
    public var gradientTolerance: Scalar
    /// Converged when `(f_prev - f) / max(|f_prev|, |f|, 1) <= relativeDecreaseTolerance`
    /// (0 turns the test off).
    public var relativeDecreaseTolerance: Scalar
    /// The most iterations.
    public var maximumIterations: Int
    /// The most evaluations of the objective; never exceeded.
    public var maximumEvaluations: Int

    /// Criteria with precision-dependent defaults: gradient tolerance `1e-5`
    /// (Float) or `1e-9` (Double); relative decrease `1e-7` (Float) or
    /// `2.2e-16` (Double: effectively off, so that the gradient test decides);
    /// 10,000 iterations and 100,000 evaluations.
    public init(
        gradientTolerance: Scalar? = nil, relativeDecreaseTolerance: Scalar? = nil,
        maximumIterations: Int = 10_000, maximumEvaluations: Int = 100_000
    ) {
        require(
            maximumIterations > 0 && maximumEvaluations > 0,
            "StoppingCriteria: limits must be positive")
        let single = Scalar.ulpOfOne > 1e-10
        self.gradientTolerance = gradientTolerance ?? (single ? 1e-5 : 1e-9)
        self.relativeDecreaseTolerance =
            relativeDecreaseTolerance ?? (single ? 1e-7 : Scalar.ulpOfOne)
        self.maximumIterations = maximumIterations
        self.maximumEvaluations = maximumEvaluations
    }

    /// Whether an iteration from the value `previous` to `value` lowered it
    /// by no more than the tolerance: `(f_prev - f) / max(|f_prev|, |f|, 1)
    /// <= relativeDecreaseTolerance`.
    @inlinable
    public func decreaseIsNegligible(from previous: Scalar, to value: Scalar) -> Bool {
        (previous - value) / max(abs(previous), abs(value), 1) <= relativeDecreaseTolerance
    }

    /// Whether a gradient of norm `gradientNorm` at a point of norm
    /// `pointNorm` is small enough: `||g|| <= gradientTolerance * max(1, ||x||)`.
    @inlinable
    public func gradientIsSmall(_ gradientNorm: Scalar, atPointOfNorm pointNorm: Scalar) -> Bool {
        gradientNorm <= gradientTolerance * max(1, pointNorm)
    }
}
