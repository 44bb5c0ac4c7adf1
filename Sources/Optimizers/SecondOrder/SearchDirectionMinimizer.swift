import Tensor

/// The line-search loop shared by BFGS, L-BFGS and nonlinear CG.
///
/// Each iteration: the rule's direction `d` (steepest descent, after a
/// reset of the rule, when `g^T d >= 0` or is not finite); a first trial
/// step of 1 for a quasi-Newton direction with history, else
/// `min(1, 1.01 * 2 (f - f_prev) / g^T d)` (Nocedal & Wright 2006, eq. 3.60;
/// `f_prev = f + ||g|| / 2` at the start, as scipy does); the line search;
/// the rule's update from `s = alpha d` and `y = g+ - g`; the stopping tests
/// of ``StoppingCriteria``; the callback.
///
/// A failed line search that still found a lower value moves there. One
/// that found none is retried once with steepest descent when the rule had
/// history; otherwise the run ends (``MinimizationStatus/lineSearchFailure``,
/// or ``MinimizationStatus/nonFiniteValue`` when NaN or infinite values were
/// met). The iterate is always the best point seen, so a run never returns
/// NaN: values and slopes of every trial are checked. Buffers are allocated
/// once, before the first iteration.
@inlinable
func minimizeAlongSearchDirections<O: Objective, Rule: SearchDirectionRule>(
    _ objective: inout O, from start: [O.Scalar], rule: inout Rule,
    lineSearch: LineSearchMethod<O.Scalar>, stopping: StoppingCriteria<O.Scalar>,
    callback: ((IterationReport<O.Scalar>) -> IterationControl)?
) -> MinimizationResult<O.Scalar> where Rule.Scalar == O.Scalar {
    typealias Scalar = O.Scalar
    let n = objective.parameterCount
    require(
        start.count == n, "minimize: the start has \(start.count) elements for \(n) parameters")
    var x = start
    var g = [Scalar](repeating: 0, count: n)
    var d = g
    var s = g
    var y = g
    var buffers = LineSearchBuffers<Scalar>(parameterCount: n)
    var f = objective.valueAndGradient(at: x, gradient: &g)
    var evaluations = 1
    var gradientNorm = BLAS.nrm2(g)
    var iterations = 0

    func result(_ status: MinimizationStatus) -> MinimizationResult<Scalar> {
        MinimizationResult(
            parameters: x, value: f, gradient: g, gradientNorm: gradientNorm,
            iterations: iterations, functionEvaluations: evaluations,
            gradientEvaluations: evaluations, status: status)
    }
    func gradientConverged() -> Bool {
        stopping.gradientIsSmall(gradientNorm, atPointOfNorm: BLAS.nrm2(x))
    }

    guard f.isFinite, gradientNorm.isFinite else { return result(.nonFiniteValue) }
    if gradientConverged() { return result(.convergedByGradientNorm) }
    var fPrevious = f + gradientNorm / 2
    rule.reset()
    while iterations < stopping.maximumIterations {
        // The direction, and steepest descent when it does not descend.
        rule.direction(gradient: g, into: &d)
        var slope = BLAS.dot(g, d)
        var line: LineSearchResult<Scalar>
        while true {
            if !(slope < 0) {
                rule.reset()
                rule.direction(gradient: g, into: &d)
                slope = BLAS.dot(g, d)
            }
            let remaining = stopping.maximumEvaluations - evaluations
            guard remaining > 0 else { return result(.evaluationLimit) }
            var initialStep = Scalar(1)
            if !(rule.prefersUnitStep && rule.hasHistory) {
                initialStep = min(1, Scalar(1.01) * 2 * (f - fPrevious) / slope)
                if !(initialStep > 0 && initialStep.isFinite) {
                    initialStep = min(1, 1 / BLAS.nrm2(d))
                }
            }
            line = lineSearch.search(
                &objective, from: x, value: f, gradient: g, direction: d,
                initialStep: min(initialStep, lineSearch.maximumStep),
                evaluationBudget: remaining, buffers: &buffers)
            evaluations += line.evaluations
            if line.succeeded || line.value < f { break }
            // No lower point: retry once with steepest descent.
            if evaluations >= stopping.maximumEvaluations { return result(.evaluationLimit) }
            guard rule.hasHistory else {
                return result(line.status == .nonFiniteValue ? .nonFiniteValue : .lineSearchFailure)
            }
            slope = 0  // forces the reset above
        }
        iterations += 1

        // s = alpha d, y = g+ - g; then the new point becomes the iterate.
        BLAS.copy(d, &s)
        BLAS.scal(line.stepLength, &s)
        BLAS.copy(buffers.gradient, &y)
        BLAS.axpy(-1, g, &y)
        rule.update(
            step: s, gradientChange: y, newGradient: buffers.gradient, oldGradient: g,
            direction: d)
        swap(&x, &buffers.point)
        swap(&g, &buffers.gradient)
        fPrevious = f
        f = line.value
        gradientNorm = BLAS.nrm2(g)

        var status: MinimizationStatus?
        if gradientConverged() {
            status = .convergedByGradientNorm
        } else if stopping.decreaseIsNegligible(from: fPrevious, to: f) {
            status = .convergedByRelativeDecrease
        }
        if let callback {
            let report = IterationReport(
                iteration: iterations, value: f, gradientNorm: gradientNorm,
                stepLength: line.stepLength, functionEvaluations: evaluations, parameters: x)
            if callback(report) == .stop, status == nil { status = .stoppedByCallback }
        }
        if let status { return result(status) }
    }
    return result(.iterationLimit)
}
