import Tensor

extension LBFGSB {
    /// One L-BFGS-B iteration (Byrd, Lu, Nocedal & Zhu 1995, section 6):
    /// the generalized Cauchy point, the subspace minimization from it, and
    /// the strong Wolfe search along `d = z - x` within the box; then the
    /// pair `(s, y)` is stored unless `s^T y <= curvatureTolerance y^T y`.
    ///
    /// A singular subspace system, or a search that finds no lower point,
    /// clears the pairs and starts the iteration again from steepest
    /// descent; without pairs the run ends
    /// (``MinimizationStatus/lineSearchFailure``, or
    /// ``MinimizationStatus/nonFiniteValue``). The new iterate is the
    /// projection onto the box of the accepted trial, the point the
    /// objective saw.
    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, LBFGSBMemory<Scalar>>
    ) -> MinimizationStatus? {
        let n = state.point.count
        // Taken out of the state for the iteration, which also changes the
        // matrix.
        var scratch =
            state.memory.scratch
            ?? LBFGSBScratch(parameterCount: n, historySize: state.memory.matrix.capacity)
        state.memory.scratch = nil
        defer { state.memory.scratch = scratch }
        if bounds == nil, scratch.unbounded == nil { scratch.unbounded = .unbounded(count: n) }
        let box = bounds ?? scratch.unbounded!
        let constrained = box.constrainsAnything
        let boxed = box.boundsEveryVariable
        let f = state.value
        var clampedBuffer: [Scalar] = []
        swap(&clampedBuffer, &scratch.clamped)
        defer { swap(&clampedBuffer, &scratch.clamped) }

        var line: LineSearchResult<Scalar>
        while true {
            // z: the Cauchy point, then the subspace step from it.
            if !constrained && state.memory.matrix.count > 0 {
                scratch.cauchy.start(at: state.point, historySize: state.memory.matrix.count)
            } else {
                scratch.cauchy.compute(
                    at: state.point, gradient: state.gradient, box: box,
                    matrix: state.memory.matrix)
            }
            if state.memory.matrix.count > 0,
                !scratch.subspace.minimize(
                    point: &scratch.cauchy.point, status: scratch.cauchy.status,
                    c: scratch.cauchy.c, from: state.point, gradient: state.gradient, box: box,
                    matrix: state.memory.matrix)
            {
                state.memory.matrix.reset()
                continue
            }
            BLAS.copy(scratch.cauchy.point, &scratch.direction)
            BLAS.axpy(-1, state.point, &scratch.direction)

            // The line search within the box.
            let big: Scalar = 1e10
            let maximumStep =
                !constrained
                ? big
                : state.iterations == 0
                    ? 1 : box.maximumStep(from: state.point, along: scratch.direction, limit: big)
            let remaining = stopping.maximumEvaluations - state.functionEvaluations
            guard remaining > 0 else { return .evaluationLimit }
            line = LineSearchResult(
                stepLength: 0, value: f, slope: 0, evaluations: 0, status: .notDescentDirection)
            if BLAS.dot(state.gradient, scratch.direction) < 0, maximumStep > 0 {
                let search = StrongWolfeLineSearch(
                    sufficientDecrease: options.lineSearch.sufficientDecrease,
                    curvature: options.lineSearch.curvature,
                    maximumEvaluations: options.lineSearch.maximumEvaluations,
                    maximumStep: maximumStep)
                let initialStep =
                    state.iterations == 0 && !boxed
                    ? min(1 / BLAS.nrm2(scratch.direction), maximumStep) : 1
                line = withUnsafeMutablePointer(to: &objective) { pointer in
                    var clamped = BoxClampedObjective(
                        base: pointer, box: box, buffer: clampedBuffer)
                    clampedBuffer = []
                    defer { swap(&clampedBuffer, &clamped.clamped) }
                    return search.search(
                        &clamped, from: state.point, value: f, gradient: state.gradient,
                        direction: scratch.direction, initialStep: initialStep,
                        evaluationBudget: remaining, buffers: &scratch.lineSearch)
                }
                state.countEvaluations(line.evaluations)
            }
            if line.succeeded || line.value < f { break }
            if state.functionEvaluations >= stopping.maximumEvaluations { return .evaluationLimit }
            guard state.memory.matrix.count > 0 else {
                return line.status == .nonFiniteValue ? .nonFiniteValue : .lineSearchFailure
            }
            state.memory.matrix.reset()
        }

        // The new iterate, exactly the point the objective saw.
        box.project(&scratch.lineSearch.point)
        BLAS.copy(scratch.lineSearch.point, &scratch.step)
        BLAS.axpy(-1, state.point, &scratch.step)
        BLAS.copy(scratch.lineSearch.gradient, &scratch.gradientChange)
        BLAS.axpy(-1, state.gradient, &scratch.gradientChange)
        swap(&state.point, &scratch.lineSearch.point)
        swap(&state.gradient, &scratch.lineSearch.gradient)
        state.previousValue = f
        state.value = line.value
        state.gradientNorm = box.projectedGradientNorm(at: state.point, gradient: state.gradient)
        state.stepLength = line.stepLength
        let sy = BLAS.dot(scratch.step, scratch.gradientChange)
        if sy.isFinite,
            sy > options.curvatureTolerance
                * BLAS.dot(
                    scratch.gradientChange, scratch.gradientChange)
        {
            _ = state.memory.matrix.append(
                step: scratch.step, gradientChange: scratch.gradientChange)
        }
        return nil
    }
}
