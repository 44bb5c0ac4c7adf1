import Tensor

/// The trial buffers of a line search, owned by the caller and sized once
/// for `n` parameters, so that a search allocates nothing.
///
/// A search evaluates `phi(alpha) = f(x + alpha d)` into ``point`` and
/// ``gradient`` and keeps the best point seen in a spare pair; the two pairs
/// trade places by swapping arrays (no copies). When the search returns,
/// ``point`` and ``gradient`` hold the point its ``LineSearchResult``
/// describes, and a minimizer swaps them with its own iterate.
public struct LineSearchBuffers<Scalar: BLASScalar>: Sendable {
    /// The trial point `x + alpha d`; after a search, the returned point.
    public var point: [Scalar]
    /// The gradient at ``point``.
    public var gradient: [Scalar]
    @usableFromInline var spareGradient: [Scalar]
    @usableFromInline var sparePoint: [Scalar]
    @usableFromInline var bestValue: Scalar = 0
    @usableFromInline var bestStep: Scalar = 0
    @usableFromInline var bestSlope: Scalar = 0
    /// Whether the best trial so far is in the spare pair.
    @usableFromInline var bestIsSpare = false
    /// Whether the last trial was moved to the spare pair (it was the best).
    @usableFromInline var lastIsSpare = false
    /// Whether a trial was NaN or infinite.
    @usableFromInline var sawNonFinite = false

    /// Buffers for `parameterCount` parameters.
    public init(parameterCount: Int) {
        point = [Scalar](repeating: 0, count: parameterCount)
        gradient = point
        sparePoint = point
        spareGradient = point
    }

    /// Starts a search from a point of value `value`.
    @inlinable
    mutating func begin(value: Scalar, slope: Scalar) {
        bestValue = value
        bestStep = 0
        bestSlope = slope
        bestIsSpare = false
        lastIsSpare = false
        sawNonFinite = false
    }

    /// Evaluates `phi(step)` and `phi'(step)` into ``point`` and
    /// ``gradient``, keeping the trial aside when it is the best so far.
    /// Returns `nil` for a NaN or infinite value or slope.
    @inlinable
    mutating func evaluate<O: Objective<Scalar>>(
        _ objective: inout O, from x: [Scalar], along direction: [Scalar], step: Scalar
    ) -> (value: Scalar, slope: Scalar)? {
        BLAS.copy(x, &point)
        BLAS.axpy(step, direction, &point)
        let value = objective.valueAndGradient(at: point, gradient: &gradient)
        let slope = BLAS.dot(gradient, direction)
        lastIsSpare = false
        guard value.isFinite, slope.isFinite else {
            sawNonFinite = true
            return nil
        }
        if value < bestValue {
            swap(&point, &sparePoint)
            swap(&gradient, &spareGradient)
            (bestValue, bestStep, bestSlope) = (value, step, slope)
            bestIsSpare = true
            lastIsSpare = true
        }
        return (value, slope)
    }

    /// Ends a successful search: the last trial goes to ``point``.
    @inlinable
    mutating func accept(
        step: Scalar, value: Scalar, slope: Scalar, evaluations: Int
    ) -> LineSearchResult<Scalar> {
        if lastIsSpare {
            swap(&point, &sparePoint)
            swap(&gradient, &spareGradient)
        }
        return LineSearchResult(
            stepLength: step, value: value, slope: slope, evaluations: evaluations,
            status: .satisfied)
    }

    /// Ends a failed search: the best trial, or the start `(x, g)` when no
    /// trial was lower, goes to ``point``.
    @inlinable
    mutating func fail(
        _ status: LineSearchStatus, start x: [Scalar], gradient g: [Scalar], evaluations: Int
    ) -> LineSearchResult<Scalar> {
        if bestIsSpare {
            swap(&point, &sparePoint)
            swap(&gradient, &spareGradient)
        } else {
            BLAS.copy(x, &point)
            BLAS.copy(g, &gradient)
        }
        return LineSearchResult(
            stepLength: bestStep, value: bestValue, slope: bestSlope, evaluations: evaluations,
            status: sawNonFinite && status != .notDescentDirection ? .nonFiniteValue : status)
    }
}
