import Tensor

extension TrustRegionNewtonCG {
    /// One iteration of the trust region (Nocedal & Wright 2006,
    /// algorithm 4.1): the step `p` of the subproblem by Steihaug-Toint CG
    /// with the forcing term `min(maximumForcing, sqrt(||g||)) ||g||`, one
    /// evaluation at `x + p`, the ratio `rho` of the actual to the predicted
    /// reduction, the new radius, and the move to `x + p` when
    /// `rho > acceptanceRatio` and `f` decreased (step length 1; else 0).
    ///
    /// Returns ``MinimizationStatus/evaluationLimit`` before the iteration
    /// when the budget cannot pay for one product and the trial.
    @inlinable
    public func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, TrustRegionMemory<Scalar>>
    ) -> MinimizationStatus? {
        let n = state.point.count
        let exact = O.hasExactHessianVectorProducts
        let evaluationsPerProduct = exact ? 0 : options.scheme == .forward ? 1 : 2
        let innerLimit = options.maximumInnerIterations ?? n
        // Keep one evaluation for the trial point.
        let left = stopping.maximumEvaluations - state.functionEvaluations - 1
        let affordable = evaluationsPerProduct == 0 ? innerLimit : left / evaluationsPerProduct
        guard left >= 0, affordable > 0 else { return .evaluationLimit }

        var scratch =
            state.memory.scratch
            ?? TrustRegionScratch(
                parameterCount: n, scheme: options.scheme, relativeStep: options.relativeStep)
        state.memory.scratch = nil
        defer { state.memory.scratch = scratch }
        // The solver and the differences, apart: the products run inside
        // the solve.
        var solver = scratch.solver
        var differences = scratch.differences
        scratch.solver = SteihaugConjugateGradient(count: 0)
        scratch.differences = FiniteDifferenceHessianVectorProduct(count: 0)
        defer { (scratch.solver, scratch.differences) = (solver, differences) }

        let value = state.value
        let gradientNorm = state.gradientNorm
        let radius = state.memory.radius
        let forcing = min(options.maximumForcing, gradientNorm.squareRoot())
        let point = state.point
        let gradient = state.gradient
        let outcome = solver.solve(
            gradient: gradient, radius: radius, tolerance: forcing * gradientNorm,
            maximumIterations: min(innerLimit, affordable)
        ) { direction, product in
            if exact {
                objective.exactHessianVectorProduct(
                    at: point, direction: direction, into: &product)
                return product.allSatisfy { $0.isFinite }
            }
            return differences.multiply(
                &objective, at: point, gradient: gradient, direction: direction, into: &product)
        }
        state.countEvaluations(outcome.products * evaluationsPerProduct)

        // rho = actual / predicted reduction (N&W eq. 4.4).
        BLAS.copy(point, &scratch.trialPoint)
        BLAS.axpy(1, solver.step, &scratch.trialPoint)
        let trial = objective.valueAndGradient(
            at: scratch.trialPoint, gradient: &scratch.trialGradient)
        state.countEvaluations()
        let trialFinite = trial.isFinite && BLAS.nrm2(scratch.trialGradient).isFinite
        let ratio = trialFinite ? (value - trial) / -outcome.modelChange : -.infinity
        if !(ratio >= 0.25) {
            state.memory.radius = radius / 4
        } else if ratio > 0.75 && outcome.hitsBoundary {
            state.memory.radius = min(2 * radius, options.maximumRadius)
        }
        state.memory.lastTrialWasFinite = trialFinite
        if ratio > options.acceptanceRatio && trial < value {
            swap(&state.point, &scratch.trialPoint)
            swap(&state.gradient, &scratch.trialGradient)
            state.previousValue = value
            state.value = trial
            state.gradientNorm = BLAS.nrm2(state.gradient)
            state.stepLength = 1
        } else {
            state.stepLength = 0
        }
        return nil
    }
}
