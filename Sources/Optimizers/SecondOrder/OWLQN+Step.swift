import Tensor

extension OWLQN {
    /// One OWL-QN iteration (Andrew & Gao 2007, algorithm 1): the
    /// pseudo-gradient `v` at the iterate, the direction `d = -H v` with its
    /// penalized components that do not descend along `v` set to 0, and the
    /// projected backtracking search, which halves `alpha` until
    /// `F(x+) <= F(x) + c1 v^T (x+ - x)` with `x+` the trial projected onto
    /// the orthant of `x`. When no step is accepted after
    /// ``Options/maximumBacktracks`` halvings, the pairs are forgotten and
    /// the search is repeated once from steepest descent.
    ///
    /// On success the pair `(x+ - x, g+ - g)` of the smooth part is learned
    /// and the state moves to `x+`, with `||v(x+)||` as its gradient norm.
    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, OWLQNMemory<Scalar>>
    ) -> MinimizationStatus? {
        let n = state.point.count
        // Taken out of the state for the iteration, so that its buffers can
        // be swapped with the iterate's.
        var scratch =
            state.memory.scratch
            ?? OWLQNScratch(penalty: penalty(parameterCount: n), parameterCount: n)
        state.memory.scratch = nil
        defer { state.memory.scratch = scratch }
        let penalty = scratch.penalty
        let value = state.value
        penalty.pseudoGradient(
            at: state.point, gradient: state.gradient, into: &scratch.pseudoGradient)

        var accepted: (value: Scalar, step: Scalar)?
        var sawNonFinite = false
        // The quasi-Newton direction, then steepest descent once if it finds
        // no lower point.
        for attempt in 0..<2 {
            if attempt == 1 {
                guard state.memory.history.hasHistory else { break }
                state.memory.history.reset()
            }
            state.memory.history.direction(
                gradient: scratch.pseudoGradient, into: &scratch.direction)
            penalty.keepDescending(&scratch.direction, along: scratch.pseudoGradient)
            if !(BLAS.dot(scratch.pseudoGradient, scratch.direction) < 0) {
                state.memory.history.reset()
                state.memory.history.direction(
                    gradient: scratch.pseudoGradient, into: &scratch.direction)
            }
            // The first trial step: 1 for a scaled quasi-Newton direction,
            // else a step of length 1 at most.
            var step =
                state.memory.history.hasHistory ? 1 : min(1, 1 / BLAS.nrm2(scratch.direction))
            for _ in 0..<options.maximumBacktracks {
                guard state.functionEvaluations < stopping.maximumEvaluations else {
                    return .evaluationLimit
                }
                BLAS.copy(state.point, &scratch.trial)
                BLAS.axpy(step, scratch.direction, &scratch.trial)
                penalty.project(
                    &scratch.trial, toOrthantOf: state.point,
                    pseudoGradient: scratch.pseudoGradient)
                let trialValue =
                    objective.valueAndGradient(at: scratch.trial, gradient: &scratch.trialGradient)
                    + penalty.value(at: scratch.trial)
                state.countEvaluations()
                BLAS.copy(scratch.trial, &scratch.step)
                BLAS.axpy(-1, state.point, &scratch.step)
                if trialValue.isFinite,
                    trialValue
                        <= value
                        + options.sufficientDecrease
                        * BLAS.dot(scratch.pseudoGradient, scratch.step)
                {
                    accepted = (trialValue, step)
                    break
                }
                if !trialValue.isFinite { sawNonFinite = true }
                step /= 2
            }
            if accepted != nil { break }
        }
        guard let (newValue, step) = accepted else {
            return sawNonFinite ? .nonFiniteValue : .lineSearchFailure
        }

        // scratch.step holds x+ - x; y = g+ - g of the smooth part.
        BLAS.copy(scratch.trialGradient, &scratch.gradientChange)
        BLAS.axpy(-1, state.gradient, &scratch.gradientChange)
        state.memory.history.update(
            step: scratch.step, gradientChange: scratch.gradientChange,
            newGradient: scratch.trialGradient, oldGradient: state.gradient,
            direction: scratch.direction)
        swap(&state.point, &scratch.trial)
        swap(&state.gradient, &scratch.trialGradient)
        state.previousValue = value
        state.value = newValue
        penalty.pseudoGradient(
            at: state.point, gradient: state.gradient, into: &scratch.pseudoGradient)
        state.gradientNorm = BLAS.nrm2(scratch.pseudoGradient)
        state.stepLength = step
        return nil
    }
}
