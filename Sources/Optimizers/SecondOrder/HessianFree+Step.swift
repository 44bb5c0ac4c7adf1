import Tensor

extension HessianFree {
    /// One Hessian-free iteration: the truncated CG solve of
    /// `(H + lambda I) p = -g` (Nocedal & Wright 2006, algorithm 7.1, forcing
    /// term `eta = min(maximumForcing, sqrt(||g||))`, eq. 7.3), backtracking
    /// on Armijo's condition from `a = 1`, and the Levenberg-Marquardt
    /// update of `lambda` from `rho` of the full step (Martens 2010,
    /// section 4.1).
    ///
    /// A step with no acceptable length is rejected: the point stays,
    /// ``MinimizationState/stepLength`` is 0 and the iteration still counts.
    /// Returns ``MinimizationStatus/evaluationLimit`` when not even the
    /// trial step can be paid for, and the memory's
    /// ``HessianFreeMemory/pendingStatus`` after the rejection that ended
    /// the run; otherwise `nil`.
    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, Memory>
    ) -> MinimizationStatus? {
        if let status = state.memory.pendingStatus { return status }
        let stopping = options.stopping
        // Keep one evaluation for the trial step.
        let left = stopping.maximumEvaluations - state.functionEvaluations - 1
        guard left >= 0 else { return .evaluationLimit }
        let n = state.point.count
        // Taken out of the state for the iteration: its point and gradient
        // are swapped with the accepted trial's.
        var scratch = state.memory.takeScratch(parameterCount: n, options: options)
        defer { state.memory.scratch = scratch }
        let value = state.value
        let forcing = min(options.maximumForcing, state.gradientNorm.squareRoot())
        var spent = 0
        let outcome = scratch.solver.solve(
            &objective, at: state.point, gradient: state.gradient,
            damping: state.memory.damping, tolerance: forcing * state.gradientNorm,
            maximumIterations: options.maximumInnerIterations ?? max(n, 10),
            evaluationsLeft: left, evaluations: &spent)
        state.countEvaluations(spent)
        let slope = BLAS.dot(state.gradient, scratch.solver.step)

        var accepted = false
        var stepLength: Scalar = 1
        var lastTrialFinite = true
        var ratio = -Scalar.infinity
        if outcome.iterations > 0, slope < 0, slope.isFinite {
            var halvings = 0
            while state.functionEvaluations < stopping.maximumEvaluations {
                BLAS.copy(state.point, &scratch.trialPoint)
                BLAS.axpy(stepLength, scratch.solver.step, &scratch.trialPoint)
                let trial = objective.valueAndGradient(
                    at: scratch.trialPoint, gradient: &scratch.trialGradient)
                state.countEvaluations()
                lastTrialFinite = trial.isFinite && BLAS.nrm2(scratch.trialGradient).isFinite
                if halvings == 0, lastTrialFinite {
                    // Martens 2010, section 4.1: rho against the undamped model.
                    ratio = (trial - value) / outcome.modelChange
                }
                if lastTrialFinite,
                    trial <= value + options.sufficientDecrease * stepLength * slope
                {
                    accepted = true
                    swap(&state.point, &scratch.trialPoint)
                    swap(&state.gradient, &scratch.trialGradient)
                    state.value = trial
                    state.gradientNorm = BLAS.nrm2(state.gradient)
                    break
                }
                guard halvings < options.maximumBacktracks else { break }
                halvings += 1
                stepLength /= 2
            }
        } else if outcome.termination == .nonFinite {
            lastTrialFinite = false
        }

        // Martens 2010, section 4.1: the Levenberg-Marquardt rule.
        if !(ratio >= 0.25) {
            state.memory.damping =
                max(state.memory.damping, Scalar.ulpOfOne) * options.dampingIncrease
        } else if ratio > 0.75 {
            state.memory.damping *= options.dampingDecrease
        }
        state.previousValue = value
        if accepted {
            state.memory.consecutiveRejections = 0
            state.stepLength = stepLength
            return nil
        }
        state.memory.consecutiveRejections += 1
        state.stepLength = 0
        if state.functionEvaluations >= stopping.maximumEvaluations
            || outcome.termination == .evaluationLimit
        {
            state.memory.pendingStatus = .evaluationLimit
        } else if state.memory.consecutiveRejections >= options.maximumConsecutiveRejections {
            state.memory.pendingStatus = lastTrialFinite ? .lineSearchFailure : .nonFiniteValue
        }
        return nil
    }
}
