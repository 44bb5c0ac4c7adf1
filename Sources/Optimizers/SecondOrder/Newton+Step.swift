import Tensor

extension Newton {
    /// One Newton iteration: the finite-difference Hessian at the iterate,
    /// the step `H p = -g` (Cholesky) or, for a Hessian that is not positive
    /// definite, `(H + tau I) p = -g` from its eigendecomposition, or at a
    /// stationary saddle the eigenvector of `lambda_min` (Nocedal & Wright
    /// 2006, sections 3.3 and 3.4), then backtracking on Armijo's condition
    /// from `a = 1`.
    ///
    /// Returns ``MinimizationStatus/convergedByGradientNorm`` when the
    /// iterate passes the gradient test and its Hessian shows no saddle to
    /// leave, ``MinimizationStatus/evaluationLimit`` when the budget cannot
    /// pay for a Hessian and a trial step, and the line search's failure
    /// when no step length is acceptable; otherwise `nil`.
    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, Memory>
    ) -> MinimizationStatus? {
        let n = state.point.count
        let stopping = options.stopping
        let stationary = stopping.gradientIsSmall(
            state.gradientNorm, atPointOfNorm: BLAS.nrm2(state.point))
        if stationary && !options.escapesSaddles { return .convergedByGradientNorm }
        guard state.functionEvaluations + 2 * n + 1 <= stopping.maximumEvaluations else {
            return stationary ? .convergedByGradientNorm : .evaluationLimit
        }
        // Taken out of the state for the iteration: its point and gradient
        // are swapped with the accepted trial's.
        var scratch = state.memory.takeScratch(
            parameterCount: n, relativeStep: options.relativeStep)
        defer { state.memory.scratch = scratch }
        let finite = scratch.hessian.compute(&objective, at: state.point)
        state.countEvaluations(2 * n)
        state.memory.steppedAtNegativeCurvature = false
        var escaping = false
        if !finite {
            // No usable curvature: steepest descent, scaled by backtracking.
            if stationary { return .convergedByGradientNorm }
            for i in 0..<n { scratch.step[i] = -state.gradient[i] }
        } else if let newton = try? LAPACK.choleskySolve(scratch.hessian.hessian, state.gradient) {
            if stationary { return .convergedByGradientNorm }
            for i in 0..<n { scratch.step[i] = -newton[i] }
        } else {
            guard let eigen = try? LAPACK.symmetricEigen(scratch.hessian.hessian) else {
                return .nonFiniteValue
            }
            let smallest = eigen.values.first ?? 0
            let largest = eigen.values.map { abs($0) }.max() ?? 0
            let delta = max(options.relativeShift * largest, Scalar.ulpOfOne.squareRoot())
            // N&W section 3.4: shift so that the smallest eigenvalue is delta.
            let shift = max(0, -smallest) + delta
            let indefinite = smallest < -delta
            state.memory.steppedAtNegativeCurvature = indefinite
            state.memory.saddleReports.append(
                SaddleReport(
                    iteration: state.iterations + 1, parameters: state.point, value: state.value,
                    gradientNorm: state.gradientNorm, eigenvalues: eigen.values, shift: shift))
            if stationary {
                // A saddle (or a maximum): leave along the eigenvector of lambda_min.
                guard indefinite else { return .convergedByGradientNorm }
                escapeDirection(eigen, gradient: state.gradient, into: &scratch.step)
                escaping = true
            } else {
                shiftedNewtonStep(
                    eigen, shift: shift, gradient: state.gradient, into: &scratch.step)
            }
        }
        var slope = BLAS.dot(state.gradient, scratch.step)
        if !escaping, !(slope < 0) {
            for i in 0..<n { scratch.step[i] = -state.gradient[i] }
            slope = -state.gradientNorm * state.gradientNorm
        }

        // Backtracking on Armijo's condition (strict decrease when escaping, slope 0).
        var stepLength: Scalar = 1
        var lastTrialFinite = true
        for _ in 0...options.maximumBacktracks {
            guard state.functionEvaluations < stopping.maximumEvaluations else {
                return .evaluationLimit
            }
            BLAS.copy(state.point, &scratch.trialPoint)
            BLAS.axpy(stepLength, scratch.step, &scratch.trialPoint)
            let trial = objective.valueAndGradient(
                at: scratch.trialPoint, gradient: &scratch.trialGradient)
            state.countEvaluations()
            lastTrialFinite = trial.isFinite && BLAS.nrm2(scratch.trialGradient).isFinite
            if lastTrialFinite,
                trial <= state.value + options.sufficientDecrease * stepLength * slope,
                !escaping || trial < state.value
            {
                state.previousValue = state.value
                swap(&state.point, &scratch.trialPoint)
                swap(&state.gradient, &scratch.trialGradient)
                state.value = trial
                state.gradientNorm = BLAS.nrm2(state.gradient)
                state.stepLength = stepLength
                return nil
            }
            stepLength /= 2
        }
        if stationary { return .convergedByGradientNorm }
        return lastTrialFinite ? .lineSearchFailure : .nonFiniteValue
    }

    /// The unit eigenvector of `lambda_min` (the first column of `V`), signed
    /// so that it does not go uphill: `f` decreases along it from a saddle.
    @inlinable
    func escapeDirection(
        _ eigen: SymmetricEigendecomposition<Scalar>, gradient: [Scalar], into step: inout [Scalar]
    ) {
        let n = gradient.count
        let sign: Scalar =
            (0..<n).reduce(0) { $0 + gradient[$1] * eigen.vectors[$1, 0] } > 0 ? -1 : 1
        for i in 0..<n { step[i] = sign * eigen.vectors[i, 0] }
    }

    /// `(H + tau I) p = -g` from the eigendecomposition `H = V diag(lambda) V^T`:
    /// `p = -V diag(1 / (lambda + tau)) V^T g`.
    @inlinable
    func shiftedNewtonStep(
        _ eigen: SymmetricEigendecomposition<Scalar>, shift: Scalar, gradient: [Scalar],
        into step: inout [Scalar]
    ) {
        let n = gradient.count
        for i in 0..<n { step[i] = 0 }
        for k in 0..<n {
            var projection: Scalar = 0
            for i in 0..<n { projection += eigen.vectors[i, k] * gradient[i] }
            let coefficient = -projection / (eigen.values[k] + shift)
            for i in 0..<n { step[i] += coefficient * eigen.vectors[i, k] }
        }
    }
}
