import Tensor

/// A line search for a step `alpha` along a descent direction `d` that
/// satisfies the strong Wolfe conditions
///
/// ```
/// f(x + alpha d) <= f(x) + c1 alpha g^T d          (sufficient decrease)
/// |grad f(x + alpha d)^T d| <= c2 |g^T d|          (curvature)
/// ```
///
/// by bracketing and zooming with cubic interpolation (Nocedal & Wright
/// 2006, algorithms 3.5 and 3.6, eq. 3.59).
///
/// Robustness beyond the book: the number of evaluations never exceeds the
/// budget; a NaN or infinite value (or slope) shortens the step, halfway
/// back to the last finite trial, instead of ending the search; when the
/// search fails, the best point seen (lowest value) is returned with the
/// failure status. Every trial is evaluated with its gradient, because a
/// minimizer needs the gradient at the accepted point anyway.
///
/// References:
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, section 3.5.
public struct StrongWolfeLineSearch<Scalar: BLASScalar>: Sendable {
    /// `c1` of the sufficient-decrease condition, in `(0, c2)`.
    public var sufficientDecrease: Scalar
    /// `c2` of the curvature condition, in `(c1, 1)`: 0.9 suits quasi-Newton
    /// methods, 0.1 nonlinear conjugate gradient (Nocedal & Wright, 3.1).
    public var curvature: Scalar
    /// The most evaluations one search makes.
    public var maximumEvaluations: Int
    /// The largest step tried.
    public var maximumStep: Scalar

    /// A strong Wolfe search; the defaults are `c1 = 1e-4`, `c2 = 0.9`, 25
    /// evaluations and a maximum step of `1e20`.
    public init(
        sufficientDecrease: Scalar = 1e-4, curvature: Scalar = 0.9,
        maximumEvaluations: Int = 25, maximumStep: Scalar = 1e20
    ) {
        require(
            0 < sufficientDecrease && sufficientDecrease < curvature && curvature < 1,
            "StrongWolfeLineSearch: need 0 < c1 < c2 < 1, got c1 = \(sufficientDecrease), c2 = \(curvature)"
        )
        require(
            maximumEvaluations > 0, "StrongWolfeLineSearch: maximumEvaluations must be positive")
        require(maximumStep > 0, "StrongWolfeLineSearch: maximumStep must be positive")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maximumEvaluations = maximumEvaluations
        self.maximumStep = maximumStep
    }

    /// Searches along `direction` from `x` (value `value`, gradient
    /// `gradient`), starting with the step `initialStep`.
    ///
    /// - Parameters:
    ///   - objective: The function searched along `direction`.
    ///   - x: The start point.
    ///   - value: The objective's value at `x`.
    ///   - gradient: The objective's gradient at `x`.
    ///   - direction: A descent direction: its product with `gradient` must be
    ///     negative.
    ///   - initialStep: The first step length tried.
    ///   - evaluationBudget: A limit below ``maximumEvaluations`` (a
    ///     minimizer's remaining evaluations); never exceeded.
    ///   - buffers: Trial buffers; on return they hold the point described
    ///     by the result.
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
                .notDescentDirection, start: x, gradient: gradient, evaluations: evaluations)
        }
        let c1 = sufficientDecrease
        let c2 = curvature

        // Algorithm 3.5: bracketing.
        var (previous, fPrevious, dPrevious) = (Scalar(0), f0, slope0)
        var alpha = min(initialStep > 0 && initialStep.isFinite ? initialStep : 1, maximumStep)
        var nonFiniteBound = Scalar.infinity
        var lo: (step: Scalar, value: Scalar, slope: Scalar)
        var hi: (step: Scalar, value: Scalar, slope: Scalar, finite: Bool)
        while true {
            guard evaluations < budget else {
                return buffers.fail(
                    .evaluationLimit, start: x, gradient: gradient, evaluations: evaluations)
            }
            evaluations += 1
            guard
                let (f, d) = buffers.evaluate(
                    &objective, from: x, along: direction, step: alpha)
            else {
                nonFiniteBound = alpha
                alpha = previous + (alpha - previous) / 2
                guard alpha > previous else {
                    return buffers.fail(
                        .intervalTooSmall, start: x, gradient: gradient, evaluations: evaluations)
                }
                continue
            }
            if f > f0 + c1 * alpha * slope0 || (previous > 0 && f >= fPrevious) {
                lo = (previous, fPrevious, dPrevious)
                hi = (alpha, f, d, true)
                break
            }
            if abs(d) <= -c2 * slope0 {
                return buffers.accept(step: alpha, value: f, slope: d, evaluations: evaluations)
            }
            if d >= 0 {
                lo = (alpha, f, d)
                hi = (previous, fPrevious, dPrevious, true)
                break
            }
            guard alpha < maximumStep else {
                return buffers.fail(
                    .maximumStepReached, start: x, gradient: gradient, evaluations: evaluations)
            }
            // Extrapolate: the cubic's minimizer, kept in [1.1, 4] times the
            // last increase beyond alpha and below any non-finite trial.
            let width = alpha - previous
            var next =
                cubicMinimizer(previous, fPrevious, dPrevious, alpha, f, d) ?? alpha + 4 * width
            next = min(max(next, alpha + 1.1 * width), alpha + 4 * width)
            if next >= nonFiniteBound { next = alpha + (nonFiniteBound - alpha) / 2 }
            (previous, fPrevious, dPrevious) = (alpha, f, d)
            alpha = min(next, maximumStep)
        }

        // Algorithm 3.6: zoom between lo (the lowest sufficient-decrease
        // step) and hi.
        while true {
            guard evaluations < budget else {
                return buffers.fail(
                    .evaluationLimit, start: x, gradient: gradient, evaluations: evaluations)
            }
            let width = abs(hi.step - lo.step)
            let lower = min(lo.step, hi.step)
            guard width > Scalar.ulpOfOne * max(abs(lo.step), abs(hi.step)) else {
                return buffers.fail(
                    .intervalTooSmall, start: x, gradient: gradient, evaluations: evaluations)
            }
            var trial = lower + width / 2
            if hi.finite {
                // Values equal to rounding carry no information: the secant
                // of the slopes then replaces the cubic.
                let indistinct =
                    abs(hi.value - lo.value) <= 8 * Scalar.ulpOfOne * abs(lo.value)
                let interpolated =
                    indistinct
                    ? hi.step - hi.slope * (hi.step - lo.step) / (hi.slope - lo.slope)
                    : cubicMinimizer(lo.step, lo.value, lo.slope, hi.step, hi.value, hi.slope)
                if let interpolated, interpolated.isFinite {
                    // Safeguard: stay 10% of the width away from both ends.
                    trial = min(max(interpolated, lower + width / 10), lower + width * 9 / 10)
                }
            }
            evaluations += 1
            guard
                let (f, d) = buffers.evaluate(
                    &objective, from: x, along: direction, step: trial)
            else {
                hi = (trial, .nan, .nan, false)
                continue
            }
            // `f > lo.value` (N&W: `>=`) with a rounding margin, so that
            // near a flat minimum the slopes keep steering the bracket.
            let margin = 8 * Scalar.ulpOfOne * abs(lo.value)
            if f > f0 + c1 * trial * slope0 || f > lo.value + margin {
                hi = (trial, f, d, true)
            } else {
                if abs(d) <= -c2 * slope0 {
                    return buffers.accept(step: trial, value: f, slope: d, evaluations: evaluations)
                }
                if d * (hi.step - lo.step) >= 0 { hi = (lo.step, lo.value, lo.slope, true) }
                lo = (trial, f, d)
            }
        }
    }
}
