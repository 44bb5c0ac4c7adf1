import Tensor

/// A method that minimizes an ``Objective`` one iteration at a time.
///
/// A method says how to start (``start(_:at:)``: evaluate `f` and its
/// gradient) and how to take one iteration (``step(_:_:)``), on a
/// ``MinimizationState`` that holds everything the run knows. Around these,
/// once for every method:
///
/// - ``advance(_:_:)``: the iteration limit, the step, the count, and the
///   convergence tests of ``StoppingCriteria`` (``convergence(of:)``);
/// - ``minimize(_:from:callback:)``: the whole run in one call, with a
///   callback after every iteration.
///
/// A caller that owns the loop (a trainer ending epochs, saving
/// checkpoints, obeying a stop request) calls ``start(_:at:)`` once and
/// ``advance(_:_:)`` as often as it likes; the state is `Codable`, so a
/// run can be saved between two iterations and resumed exactly.
///
/// ```swift
/// let lbfgs = LBFGS<Double>()
/// var state = lbfgs.start(&objective, at: x0)
/// while state.status == nil && state.iterations < 100 {
///     lbfgs.advance(&objective, &state)
/// }
/// ```
public protocol Minimizer<Scalar>: Sendable {
    /// The floating-point type.
    associatedtype Scalar: BLASScalar
    /// What the method remembers between iterations.
    associatedtype Memory: MinimizerMemory

    /// The limits and tolerances.
    var stopping: StoppingCriteria<Scalar> { get }

    /// A run at `point`: one evaluation, fresh memory, and the status set
    /// when the start is already stationary or not finite.
    func start<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, Memory>

    /// One iteration from `state`, which it moves to the new iterate (or
    /// keeps, with ``MinimizationState/stepLength`` 0, when the step was
    /// rejected). Returns the status when the run cannot go on (no
    /// acceptable step, the evaluation limit, a non-finite value) without
    /// completing an iteration; `nil` after a completed one, which
    /// ``advance(_:_:)`` counts and tests.
    func step<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, Memory>
    ) -> MinimizationStatus?

    /// The convergence test after a completed iteration; the default is
    /// ``convergenceByDefault(of:)``.
    func convergence(of state: MinimizationState<Scalar, Memory>) -> MinimizationStatus?

    /// The memory of a run that has not taken a step.
    func freshMemory(parameterCount: Int) -> Memory
}

extension Minimizer {
    @inlinable
    public func start<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, Memory>
    {
        startByDefault(&objective, at: point)
    }

    /// The default start: one evaluation at `point`, fresh memory, and
    /// ``startingStatus(of:)``; for a method whose own start only adjusts
    /// it.
    @inlinable
    public func startByDefault<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, Memory>
    {
        let n = objective.parameterCount
        require(
            point.count == n,
            "\(Self.self): the start has \(point.count) elements for \(n) parameters")
        var gradient = [Scalar](repeating: 0, count: n)
        let value = objective.valueAndGradient(at: point, gradient: &gradient)
        var state = MinimizationState(
            point: point, value: value, gradient: gradient,
            memory: freshMemory(parameterCount: n))
        state.status = startingStatus(of: state)
        return state
    }

    /// The status of a run before its first iteration:
    /// ``MinimizationStatus/nonFiniteValue`` when `f` or `||g||` is not
    /// finite, ``MinimizationStatus/convergedByGradientNorm`` when the
    /// start is already stationary, else `nil`.
    @inlinable
    public func startingStatus(of state: MinimizationState<Scalar, Memory>)
        -> MinimizationStatus?
    {
        guard state.value.isFinite, state.gradientNorm.isFinite else { return .nonFiniteValue }
        return stopping.gradientIsSmall(state.gradientNorm, atPointOfNorm: BLAS.nrm2(state.point))
            ? .convergedByGradientNorm : nil
    }

    @inlinable
    public func convergence(of state: MinimizationState<Scalar, Memory>) -> MinimizationStatus? {
        convergenceByDefault(of: state)
    }

    /// The shared convergence tests (``StoppingCriteria``):
    /// `||g|| <= gradientTolerance * max(1, ||x||)`, then, when the
    /// iteration moved, a relative decrease of `f` below
    /// `relativeDecreaseTolerance`.
    @inlinable
    public func convergenceByDefault(of state: MinimizationState<Scalar, Memory>)
        -> MinimizationStatus?
    {
        if stopping.gradientIsSmall(state.gradientNorm, atPointOfNorm: BLAS.nrm2(state.point)) {
            return .convergedByGradientNorm
        }
        if state.stepLength != 0,
            stopping.decreaseIsNegligible(from: state.previousValue, to: state.value)
        {
            return .convergedByRelativeDecrease
        }
        return nil
    }

    /// Takes one iteration unless the run has ended: stops at
    /// ``StoppingCriteria/maximumIterations``, else steps, counts a
    /// completed iteration and applies ``convergence(of:)``. Returns whether
    /// an iteration was completed.
    @inlinable
    @discardableResult
    public func advance<O: Objective<Scalar>>(
        _ objective: inout O, _ state: inout MinimizationState<Scalar, Memory>
    ) -> Bool {
        guard state.status == nil else { return false }
        guard state.iterations < stopping.maximumIterations else {
            state.status = .iterationLimit
            return false
        }
        if let status = step(&objective, &state) {
            state.status = status
            return false
        }
        state.iterations += 1
        state.status = convergence(of: state)
        return true
    }

    /// Minimizes `objective` from `start`: ``start(_:at:)``, then
    /// ``advance(_:_:)`` until the run ends. The callback sees every
    /// completed iteration and can stop the run
    /// (``MinimizationStatus/stoppedByCallback``).
    @inlinable
    public func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar],
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        var state = self.start(&objective, at: start)
        while state.status == nil {
            guard advance(&objective, &state), let callback else { continue }
            if callback(state.report) == .stop, state.status == nil {
                state.status = .stoppedByCallback
            }
        }
        return state.result
    }
}
