import Tensor

/// A minimizer that searches along a direction its rule computes from the
/// gradient: BFGS, L-BFGS and nonlinear CG. The iteration is shared
/// (`step(_:_:)`); a method says which ``SearchDirectionRule`` it keeps
/// and which line search it runs.
///
/// Each iteration: the rule's direction `d` (steepest descent, after a
/// reset of the rule, when `g^T d >= 0` or is not finite); a first trial
/// step of 1 for a quasi-Newton direction with history, else
/// `min(1, 1.01 * 2 (f - f_prev) / g^T d)` (Nocedal & Wright 2006, eq. 3.60;
/// `f_prev = f + ||g|| / 2` at the start, as scipy does); the line search;
/// the rule's update from `s = alpha d` and `y = g+ - g`.
///
/// A failed line search that still found a lower value moves there. One
/// that found none is retried once with steepest descent when the rule had
/// history; otherwise the run ends (``MinimizationStatus/lineSearchFailure``,
/// or ``MinimizationStatus/nonFiniteValue`` when NaN or infinite values were
/// met). The iterate is always the best point seen, so a run never returns
/// NaN: values and slopes of every trial are checked. Scratch buffers are
/// allocated at the first iteration, not per iteration.
public protocol SearchDirectionMinimizer<Scalar>: Minimizer
where Memory == SearchDirectionMemory<Rule> {
    /// What the method learns from each step.
    associatedtype Rule: SearchDirectionRule<Scalar>
    /// How the step along the direction is chosen.
    var lineSearch: LineSearchMethod<Scalar> { get }
    /// The rule of a run on `parameterCount` parameters, with no history.
    func freshRule(parameterCount: Int) -> Rule
}

extension SearchDirectionMinimizer {
    @inlinable
    public func freshMemory(parameterCount n: Int) -> Memory {
        SearchDirectionMemory(rule: freshRule(parameterCount: n), parameterCount: n)
    }

    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, Memory>
    ) -> MinimizationStatus? {
        let n = state.point.count
        // Taken out of the state for the iteration: the rule updates itself
        // while it reads them.
        var scratch = state.memory.takeScratch(parameterCount: n)
        var d: [Scalar] = []
        swap(&d, &state.memory.direction)
        defer {
            state.memory.scratch = scratch
            swap(&d, &state.memory.direction)
        }
        let f = state.value
        var line: LineSearchResult<Scalar>
        // The direction, and steepest descent when it does not descend.
        state.memory.rule.direction(gradient: state.gradient, into: &d)
        var slope = BLAS.dot(state.gradient, d)
        while true {
            if !(slope < 0) {
                state.memory.rule.reset()
                state.memory.rule.direction(gradient: state.gradient, into: &d)
                slope = BLAS.dot(state.gradient, d)
            }
            let remaining = stopping.maximumEvaluations - state.functionEvaluations
            guard remaining > 0 else { return .evaluationLimit }
            let rule = state.memory.rule
            var initialStep = Scalar(1)
            if !(rule.prefersUnitStep && rule.hasHistory) {
                initialStep = min(1, Scalar(1.01) * 2 * (f - state.previousValue) / slope)
                if !(initialStep > 0 && initialStep.isFinite) {
                    initialStep = min(1, 1 / BLAS.nrm2(d))
                }
            }
            line = lineSearch.search(
                &objective, from: state.point, value: f, gradient: state.gradient,
                direction: d,
                initialStep: min(initialStep, lineSearch.maximumStep),
                evaluationBudget: remaining, buffers: &scratch.lineSearch)
            state.countEvaluations(line.evaluations)
            if line.succeeded || line.value < f { break }
            // No lower point: retry once with steepest descent.
            if state.functionEvaluations >= stopping.maximumEvaluations { return .evaluationLimit }
            guard rule.hasHistory else {
                return line.status == .nonFiniteValue ? .nonFiniteValue : .lineSearchFailure
            }
            slope = 0  // forces the reset above
        }

        // s = alpha d, y = g+ - g; then the new point becomes the iterate.
        BLAS.copy(d, &scratch.step)
        BLAS.scal(line.stepLength, &scratch.step)
        BLAS.copy(scratch.lineSearch.gradient, &scratch.gradientChange)
        BLAS.axpy(-1, state.gradient, &scratch.gradientChange)
        state.memory.rule.update(
            step: scratch.step, gradientChange: scratch.gradientChange,
            newGradient: scratch.lineSearch.gradient, oldGradient: state.gradient,
            direction: d)
        swap(&state.point, &scratch.lineSearch.point)
        swap(&state.gradient, &scratch.lineSearch.gradient)
        state.previousValue = f
        state.value = line.value
        state.gradientNorm = BLAS.nrm2(state.gradient)
        state.stepLength = line.stepLength
        return nil
    }
}

/// The memory of a ``SearchDirectionMinimizer``: its rule's history and the
/// last direction searched (nonlinear CG builds the next one from it).
public struct SearchDirectionMemory<Rule: SearchDirectionRule>: MinimizerMemory {
    /// The rule, with its history.
    public var rule: Rule
    /// The last direction searched.
    @StoredAsTensor public var direction: [Rule.Scalar]
    /// Buffers of an iteration, not coded.
    @usableFromInline var scratch = SearchDirectionScratch<Rule.Scalar>()

    enum CodingKeys: String, CodingKey { case rule, direction }

    /// The memory of a run on `parameterCount` parameters that starts with
    /// `rule`.
    @inlinable
    public init(rule: Rule, parameterCount: Int) {
        self.rule = rule
        self.direction = [Rule.Scalar](repeating: 0, count: parameterCount)
    }

    /// The scratch buffers, allocated for `n` parameters if they are not
    /// yet, taken out so that they can be swapped with the state's vectors.
    @inlinable
    mutating func takeScratch(parameterCount n: Int) -> SearchDirectionScratch<Rule.Scalar> {
        var taken = SearchDirectionScratch<Rule.Scalar>()
        swap(&taken, &scratch)
        if taken.step.count != n { taken = SearchDirectionScratch(parameterCount: n) }
        return taken
    }

    public func problem(parameterCount n: Int) -> String? {
        guard direction.count == n else {
            return "the direction has \(direction.count) values for \(n) parameters"
        }
        return rule.problem(parameterCount: n)
    }
}

/// The buffers of one search-direction iteration: the step, the gradient
/// change and the line search's trial point and gradient.
@usableFromInline
struct SearchDirectionScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline var step: [Scalar] = []
    @usableFromInline var gradientChange: [Scalar] = []
    @usableFromInline var lineSearch = LineSearchBuffers<Scalar>(parameterCount: 0)

    @inlinable init() {}

    @inlinable
    init(parameterCount n: Int) {
        step = [Scalar](repeating: 0, count: n)
        gradientChange = step
        lineSearch = LineSearchBuffers(parameterCount: n)
    }
}
