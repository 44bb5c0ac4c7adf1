import Tensor

extension Newton {
    /// A run at `point`: one evaluation and no saddle seen. With
    /// ``Options/escapesSaddles`` on, a stationary start is not yet
    /// converged: the first iteration checks its Hessian for a saddle.
    @inlinable
    public func start<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, Memory>
    {
        var state = startByDefault(&objective, at: point)
        if options.escapesSaddles && state.status == .convergedByGradientNorm { state.status = nil }
        return state
    }

    /// The shared tests (``Minimizer/convergenceByDefault(of:)``), except
    /// with ``Options/escapesSaddles`` on: the gradient test then ends the
    /// run only after the last iteration allowed (otherwise the next
    /// iteration's Hessian decides whether the point is a minimum or a
    /// saddle), and the relative-decrease test is skipped after a step at
    /// negative curvature, where a saddle slows the descent.
    @inlinable
    public func convergence(of state: MinimizationState<Scalar, Memory>) -> MinimizationStatus? {
        guard options.escapesSaddles else { return convergenceByDefault(of: state) }
        if state.iterations >= stopping.maximumIterations,
            stopping.gradientIsSmall(state.gradientNorm, atPointOfNorm: BLAS.nrm2(state.point))
        {
            return .convergedByGradientNorm
        }
        if state.stepLength != 0, !state.memory.steppedAtNegativeCurvature,
            stopping.decreaseIsNegligible(from: state.previousValue, to: state.value)
        {
            return .convergedByRelativeDecrease
        }
        return nil
    }
}
