import Tensor

/// How a minimizer chooses the step along its search direction.
public enum LineSearchMethod<Scalar: BLASScalar>: Sendable {
    /// Strong Wolfe conditions, bracketing and zoom (the default of every
    /// method here).
    case strongWolfe(StrongWolfeLineSearch<Scalar>)
    /// Armijo backtracking. Quasi-Newton updates then may meet steps with
    /// `s^T y <= 0`, which the curvature guard skips.
    case backtracking(BacktrackingLineSearch<Scalar>)
    /// A step computed by the caller from the point, its gradient and the
    /// direction, taken with one evaluation; for objectives whose exact
    /// minimizer along a line is known, such as a quadratic
    /// `f = x^T A x / 2 - b^T x`, where `alpha = -g^T d / d^T A d`.
    case exact(
        @Sendable (_ point: [Scalar], _ gradient: [Scalar], _ direction: [Scalar]) -> Scalar)

    /// Searches along `direction` from `x`; see
    /// ``StrongWolfeLineSearch/search(_:from:value:gradient:direction:initialStep:evaluationBudget:buffers:)``.
    @inlinable
    public func search<O: Objective<Scalar>>(
        _ objective: inout O, from x: [Scalar], value: Scalar, gradient: [Scalar],
        direction: [Scalar], initialStep: Scalar, evaluationBudget: Int = .max,
        buffers: inout LineSearchBuffers<Scalar>
    ) -> LineSearchResult<Scalar> {
        switch self {
        case .strongWolfe(let search):
            return search.search(
                &objective, from: x, value: value, gradient: gradient, direction: direction,
                initialStep: initialStep, evaluationBudget: evaluationBudget, buffers: &buffers)
        case .backtracking(let search):
            return search.search(
                &objective, from: x, value: value, gradient: gradient, direction: direction,
                initialStep: initialStep, evaluationBudget: evaluationBudget, buffers: &buffers)
        case .exact(let step):
            let slope0 = BLAS.dot(gradient, direction)
            buffers.begin(value: value, slope: slope0)
            let alpha = step(x, gradient, direction)
            guard evaluationBudget > 0, alpha.isFinite, alpha > 0 else {
                return buffers.fail(
                    evaluationBudget > 0 ? .notDescentDirection : .evaluationLimit, start: x,
                    gradient: gradient, evaluations: 0)
            }
            guard
                let (f, d) = buffers.evaluate(
                    &objective, from: x, along: direction, step: alpha)
            else {
                return buffers.fail(
                    .nonFiniteValue, start: x, gradient: gradient, evaluations: 1)
            }
            return buffers.accept(step: alpha, value: f, slope: d, evaluations: 1)
        }
    }

    /// The most evaluations one search makes.
    @inlinable
    var maximumEvaluations: Int {
        switch self {
        case .strongWolfe(let search): search.maximumEvaluations
        case .backtracking(let search): search.maximumEvaluations
        case .exact: 1
        }
    }

    /// The largest step worth trying first.
    @inlinable
    var maximumStep: Scalar {
        if case .strongWolfe(let search) = self { return search.maximumStep }
        return .infinity
    }
}
