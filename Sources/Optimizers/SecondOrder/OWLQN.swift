import Tensor

/// Orthant-wise limited-memory quasi-Newton (OWL-QN): L-BFGS for an L1
/// penalized objective
///
/// ```
/// F(x) = f(x) + C sum_{i in P} |x_i|
/// ```
///
/// with `f` smooth and `P` the penalized coordinates (for a network, its
/// weights and not its biases). `|x_i|` has no derivative at 0, so L-BFGS on
/// `F` hovers around zero without ever reaching it; OWL-QN (Andrew & Gao
/// 2007) works inside one orthant at a time, where `F` is smooth, and lands
/// on exact zeros:
///
/// - **Pseudo-gradient** `v`, the steepest-descent direction's negative:
///   for `i` in `P`, `v_i = g_i + C sign(x_i)` when `x_i != 0`; at
///   `x_i = 0`, `g_i + C` if that is negative, `g_i - C` if that is
///   positive, else 0 (zero is optimal along `i`); `v_i = g_i` elsewhere.
/// - **Direction** `d = -H v` by L-BFGS's two-loop recursion, with the
///   pairs `s = x+ - x`, `y = g+ - g` of the smooth part alone; then every
///   penalized `d_i` that does not point against `v_i` is set to 0.
/// - **Projected backtracking line search** from the orthant
///   `xi_i = sign(x_i)` (`sign(-v_i)` at zero): the trial point
///   `x + alpha d` has every penalized coordinate that left the orthant set
///   to exactly 0, and is accepted when
///   `F(x+) <= F(x) + c1 v^T (x+ - x)`; `alpha` halves otherwise.
/// - **Stopping** as the other minimizers (``StoppingCriteria``), with
///   `||v||` in place of the gradient norm: the state's
///   ``MinimizationState/gradientNorm`` is `||v||`, its
///   ``MinimizationState/value`` is `F` and its
///   ``MinimizationState/gradient`` is `g` of the smooth part, from which
///   `v` is recomputed.
///
/// The projection of the direction applies to the penalized coordinates
/// only, as in liblbfgs, so that the unpenalized ones (biases) move as in
/// L-BFGS. The memory is the L-BFGS pairs (``OWLQNMemory``); buffers are
/// allocated at the first iteration, not per iteration.
///
/// ```swift
/// let options = OWLQN<Double>.Options(l1: 0.01, penalized: [0..<640])
/// let result = OWLQN(options: options).minimize(&objective, from: start)
/// ```
///
/// References:
/// - G. Andrew and J. Gao, "Scalable training of L1-regularized log-linear
///   models", ICML 2007.
/// - N. Okazaki, liblbfgs 1.10 (`lbfgs.c`, OWL-QN with a start and end
///   index), 2010.
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, algorithm 7.4 (the two-loop recursion).
public struct OWLQN<Scalar: BLASScalar>: Minimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits; the gradient test reads the
        /// pseudo-gradient's norm.
        public var stopping: StoppingCriteria<Scalar>
        /// The L1 coefficient `C >= 0`.
        public var l1: Scalar
        /// The penalized coordinates `P`, as ranges of the parameter
        /// vector; `nil`: all of them.
        public var penalized: [Range<Int>]?
        /// The number of pairs `(s, y)` kept, `m`; default 10.
        public var historySize: Int
        /// A pair is skipped when `s^T y <= curvatureTolerance ||s|| ||y||`.
        public var curvatureTolerance: Scalar
        /// The sufficient-decrease constant `c1` of the line search;
        /// default `1e-4`.
        public var sufficientDecrease: Scalar
        /// The most halvings of the step before the line search fails;
        /// default 50.
        public var maximumBacktracks: Int

        /// Options with the defaults above.
        public init(
            l1: Scalar, penalized: [Range<Int>]? = nil,
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(), historySize: Int = 10,
            curvatureTolerance: Scalar = Scalar.ulpOfOne.squareRoot(),
            sufficientDecrease: Scalar = 1e-4, maximumBacktracks: Int = 50
        ) {
            require(l1 >= 0, "OWLQN: l1 \(l1) must be >= 0")
            require(historySize > 0, "OWLQN: historySize \(historySize) must be positive")
            require(
                sufficientDecrease > 0 && sufficientDecrease < 1,
                "OWLQN: sufficientDecrease \(sufficientDecrease) not in (0, 1)")
            require(maximumBacktracks > 0, "OWLQN: maximumBacktracks must be positive")
            self.l1 = l1
            self.penalized = penalized
            self.stopping = stopping
            self.historySize = historySize
            self.curvatureTolerance = curvatureTolerance
            self.sufficientDecrease = sufficientDecrease
            self.maximumBacktracks = maximumBacktracks
        }
    }

    /// The settings.
    public var options: Options

    /// OWL-QN with the given options.
    public init(options: Options) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }

    /// No pairs yet, room for ``Options/historySize``.
    @inlinable
    public func freshMemory(parameterCount n: Int) -> OWLQNMemory<Scalar> {
        OWLQNMemory(
            history: LBFGSHistory(
                parameterCount: n, historySize: options.historySize,
                curvatureTolerance: options.curvatureTolerance))
    }

    /// The penalty of ``Options/l1`` on ``Options/penalized`` (every
    /// coordinate when `nil`) of `n` parameters.
    @inlinable
    func penalty(parameterCount n: Int) -> L1Penalty<Scalar> {
        L1Penalty(strength: options.l1, ranges: options.penalized ?? [0..<n], count: n)
    }

    /// A run at `point`: one evaluation of `f` and its gradient, the value
    /// `F = f + C sum_P |x_i|`, and `||v||` of the pseudo-gradient as the
    /// norm the convergence test reads.
    @inlinable
    public func start<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, OWLQNMemory<Scalar>>
    {
        let n = objective.parameterCount
        require(
            point.count == n, "OWLQN: the start has \(point.count) elements for \(n) parameters")
        var scratch = OWLQNScratch(penalty: penalty(parameterCount: n), parameterCount: n)
        var gradient = [Scalar](repeating: 0, count: n)
        let value =
            objective.valueAndGradient(at: point, gradient: &gradient)
            + scratch.penalty.value(at: point)
        scratch.penalty.pseudoGradient(
            at: point, gradient: gradient, into: &scratch.pseudoGradient)
        var state = MinimizationState(
            point: point, value: value, gradient: gradient,
            gradientNorm: BLAS.nrm2(scratch.pseudoGradient),
            memory: freshMemory(parameterCount: n))
        state.memory.scratch = scratch
        state.status = startingStatus(of: state)
        return state
    }
}
