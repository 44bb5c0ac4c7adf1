import Tensor

/// A backtracking line search for a step `alpha` along a descent direction
/// `d` that satisfies the Armijo (sufficient-decrease) condition
///
/// ```
/// f(x + alpha d) <= f(x) + c1 alpha g^T d
/// ```
///
/// starting from the initial step and shrinking it to the minimizer of the
/// quadratic that interpolates `phi(0)`, `phi'(0)` and `phi(alpha)`, kept in
/// `[0.1, 0.5] alpha` (Nocedal & Wright 2006, algorithm 3.1 and eq. 3.57).
/// A NaN or infinite value halves the step. The evaluation budget is never
/// exceeded; on failure the best point seen is returned.
///
/// References:
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, sections 3.1 and 3.5.
public struct BacktrackingLineSearch<Scalar: BLASScalar>: Sendable {
    /// `c1` of the sufficient-decrease condition, in `(0, 1)`.
    public var sufficientDecrease: Scalar
    /// The most evaluations one search makes.
    public var maximumEvaluations: Int

    /// A backtracking search; the defaults are `c1 = 1e-4` and 25 evaluations.
    public init(sufficientDecrease: Scalar = 1e-4, maximumEvaluations: Int = 25) {
        require(
            0 < sufficientDecrease && sufficientDecrease < 1,
            "BacktrackingLineSearch: need 0 < c1 < 1, got \(sufficientDecrease)")
        require(
            maximumEvaluations > 0, "BacktrackingLineSearch: maximumEvaluations must be positive")
        self.sufficientDecrease = sufficientDecrease
        self.maximumEvaluations = maximumEvaluations
    }

    /// Searches along `direction` from `x` (value `value`, gradient
    /// `gradient`), starting with the step `initialStep`; the parameters are
    /// those of ``StrongWolfeLineSearch/search(_:from:value:gradient:direction:initialStep:evaluationBudget:buffers:)``.
    @inlinable
    public func search<O: Objective<Scalar>>(
        _ objective: inout O, from x: [Scalar], value: Scalar, gradient: [Scalar],
        direction: [Scalar], initialStep: Scalar, evaluationBudget: Int = .max,
        buffers: inout LineSearchBuffers<Scalar>
    ) -> LineSearchResult<Scalar> {
        let budget = min(maximumEvaluations, evaluationBudget)
        let f0 = value
        let slope0 = BLAS.dot(gradient, direction)
        buffers.begin(value: f0, slope: slope0)
        var evaluations = 0
        guard slope0 < 0 else {
            return buffers.fail(
                .notDescentDirection, start: x, gradient: gradient, evaluations: 0)
        }
        var alpha = initialStep > 0 && initialStep.isFinite ? initialStep : 1
        while evaluations < budget {
            evaluations += 1
            guard
                let (f, d) = buffers.evaluate(
                    &objective, from: x, along: direction, step: alpha)
            else {
                alpha /= 2
                continue
            }
            if f <= f0 + sufficientDecrease * alpha * slope0 {
                return buffers.accept(step: alpha, value: f, slope: d, evaluations: evaluations)
            }
            // Eq. 3.57: the quadratic through phi(0), phi'(0), phi(alpha).
            let quadratic = -slope0 * alpha * alpha / (2 * (f - f0 - slope0 * alpha))
            let next = quadratic.isFinite ? quadratic : alpha / 2
            alpha = min(max(next, alpha / 10), alpha / 2)
        }
        return buffers.fail(
            .evaluationLimit, start: x, gradient: gradient, evaluations: evaluations)
    }
}
