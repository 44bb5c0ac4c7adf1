import Tensor

/// L-BFGS-B: limited-memory BFGS for a smooth `f` subject to bounds
/// `l <= x <= u` (either side of each variable may be infinite), after Byrd,
/// Lu, Nocedal & Zhu (1995) and their Fortran code, version 3.0 (Zhu et al.
/// 1997; Morales & Nocedal 2011), which scipy's `L-BFGS-B` runs.
///
/// Each iteration, with `B = theta I - W M W^T` the compact limited-memory
/// matrix of the last `m` pairs (`CompactLBFGSMatrix`):
///
/// 1. the generalized Cauchy point `x^c`, the first minimizer of the model
///    `f + g^T (x - x_k) + (x - x_k)^T B (x - x_k) / 2` along the projected
///    steepest-descent path `P(x_k - t g)` (`GeneralizedCauchyPoint`;
///    skipped when nothing is bounded and there is history, as in 3.0);
/// 2. the subspace minimization of the model over the variables free at
///    `x^c` by the direct primal method, projected back into the box or
///    truncated at the first bound (`SubspaceMinimization`), giving `z`;
/// 3. a line search along `d = z - x_k` for the strong Wolfe conditions with
///    `c1 = 1e-3`, `c2 = 0.9` (3.0's `ftol`, `gtol`) by the package's
///    ``StrongWolfeLineSearch`` (bracketing and zoom, where 3.0 uses
///    More-Thuente's `dcsrch` with the same conditions), the step limited to the
///    box (`alpha <= 1` on the first iteration, else the largest feasible
///    step) and the first trial `alpha = 1`, or `min(1/||d||, alpha_max)` on
///    the first iteration unless every variable is bounded on both sides;
/// 4. the pair `s = x_{k+1} - x_k`, `y = g_{k+1} - g_k` is stored unless
///    `s^T y <= curvatureTolerance * y^T y` (the paper's skipping rule,
///    section 6, with `eps` machine precision by default).
///
/// Every iterate is feasible: the start is projected, the line search stays
/// within the box, and its trials are evaluated at their projections onto
/// the box so that a rounding error across a bound is never seen by `f`.
///
/// The run converges when the projected gradient
/// `||P(x - g) - x||_inf <= stopping.gradientTolerance` (an absolute test,
/// scipy's `pgtol`; ``MinimizationStatus/convergedByGradientNorm``) or when
/// `(f_prev - f) / max(|f_prev|, |f|, 1) <= relativeDecreaseTolerance`
/// (scipy's `factr * eps`). A line search that finds no lower point clears
/// the memory and retries from steepest descent; without memory the run
/// ends with ``MinimizationStatus/lineSearchFailure``.
///
/// With every bound infinite the direction is L-BFGS's (the compact form is
/// the two-loop recursion's inverse), but the iterates are not those of
/// ``LBFGS``: the line-search constants, the first trial step and the
/// skipping rule are L-BFGS-B 3.0's.
///
/// ```swift
/// var rosenbrock = Rosenbrock<Double>(.chained, dimension: 100)
/// let bounds = BoxConstraints<Double>(
///     lower: Array(repeating: -2, count: 100), upper: Array(repeating: 0.5, count: 100))
/// var start = rosenbrock.standardStart
/// bounds.project(&start)
/// let result = LBFGSB<Double>(bounds: bounds).minimize(&rosenbrock, from: start)
/// ```
///
/// The box is part of the minimizer (``bounds``), as the objective is part
/// of the problem; the memory between iterations is the compact matrix
/// (``LBFGSBMemory``). The state's ``MinimizationState/gradientNorm`` is
/// the projected gradient's infinity norm, the measure the convergence test
/// reads.
///
/// Memory `2 m n` scalars for the pairs plus a few `n`-vectors, allocated
/// at the first iteration; work `O(m n)` per iteration plus `O(m^2)` per breakpoint
/// the Cauchy search passes and `O(t m^2)` for `t` free variables.
///
/// References:
/// - R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory algorithm
///   for bound constrained optimization", *SIAM J. Sci. Comput.* 16(5), 1995.
/// - C. Zhu, R. H. Byrd, P. Lu and J. Nocedal, "Algorithm 778: L-BFGS-B",
///   *ACM Trans. Math. Softw.* 23(4), 1997.
/// - J. L. Morales and J. Nocedal, "Remark on Algorithm 778", *ACM Trans.
///   Math. Softw.* 38(1), 2011.
/// - R. H. Byrd, J. Nocedal and R. B. Schnabel, "Representations of
///   quasi-Newton matrices and their use in limited memory methods",
///   *Math. Programming* 63, 1994.
public struct LBFGSB<Scalar: BLASScalar>: Minimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits; `gradientTolerance` bounds the projected
        /// gradient's infinity norm.
        public var stopping: StoppingCriteria<Scalar>
        /// The line search's constants and evaluation limit; its maximum
        /// step is replaced by the step to the box each iteration.
        public var lineSearch: StrongWolfeLineSearch<Scalar>
        /// The number of pairs `(s, y)` kept, `m`.
        public var historySize: Int
        /// A pair is skipped when `s^T y <= curvatureTolerance * y^T y`.
        public var curvatureTolerance: Scalar

        /// Options with scipy's defaults for `L-BFGS-B`: projected-gradient
        /// tolerance `1e-5`; relative decrease `1e7 eps` (`2.2e-9`) in Double,
        /// `1e-7` in Float; `m = 10`; `c1 = 1e-3`, `c2 = 0.9` and 20
        /// evaluations per line search; curvature tolerance `eps`.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(
                gradientTolerance: 1e-5,
                relativeDecreaseTolerance: Scalar.ulpOfOne > 1e-10 ? 1e-7 : 1e7 * Scalar.ulpOfOne,
                maximumIterations: 15_000, maximumEvaluations: 15_000),
            lineSearch: StrongWolfeLineSearch<Scalar> = StrongWolfeLineSearch(
                sufficientDecrease: 1e-3, curvature: 0.9, maximumEvaluations: 20),
            historySize: Int = 10,
            curvatureTolerance: Scalar = Scalar.ulpOfOne
        ) {
            require(historySize > 0, "LBFGSB: historySize \(historySize) must be positive")
            require(curvatureTolerance >= 0, "LBFGSB: curvatureTolerance must be >= 0")
            self.stopping = stopping
            self.lineSearch = lineSearch
            self.historySize = historySize
            self.curvatureTolerance = curvatureTolerance
        }
    }

    /// The settings.
    public var options: Options
    /// The box `l <= x <= u`; `nil`: no bounds.
    public var bounds: BoxConstraints<Scalar>?

    /// L-BFGS-B with the given options on the box `bounds` (`nil`: none).
    public init(options: Options = Options(), bounds: BoxConstraints<Scalar>? = nil) {
        self.options = options
        self.bounds = bounds
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }

    /// No pairs yet (`B = I`), room for ``Options/historySize``.
    @inlinable
    public func freshMemory(parameterCount n: Int) -> LBFGSBMemory<Scalar> {
        LBFGSBMemory(parameterCount: n, historySize: options.historySize)
    }

    /// A run at the projection of `point` onto the box: one evaluation, and
    /// the projected gradient `||P(x - g) - x||_inf` as the norm the
    /// convergence test reads. Stationary when that norm is at most
    /// `gradientTolerance` (an absolute test, scipy's `pgtol`).
    @inlinable
    public func start<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> MinimizationState<Scalar, LBFGSBMemory<Scalar>>
    {
        let n = objective.parameterCount
        require(
            point.count == n && (bounds?.count ?? n) == n,
            "LBFGSB: start \(point.count) and bounds \(bounds?.count ?? n) for \(n) parameters")
        let box = bounds ?? .unbounded(count: n)
        var x = point
        box.project(&x)
        var g = [Scalar](repeating: 0, count: n)
        let f = objective.valueAndGradient(at: x, gradient: &g)
        var state = MinimizationState(
            point: x, value: f, gradient: g,
            gradientNorm: box.projectedGradientNorm(at: x, gradient: g),
            memory: freshMemory(parameterCount: n))
        if !(f.isFinite && BLAS.nrm2(g).isFinite) {
            state.status = .nonFiniteValue
        } else if state.gradientNorm <= stopping.gradientTolerance {
            state.status = .convergedByGradientNorm
        }
        return state
    }

    /// The tests after an iteration: the projected gradient
    /// `||P(x - g) - x||_inf <= gradientTolerance`, then
    /// `(f_prev - f) / max(|f_prev|, |f|, 1) <= relativeDecreaseTolerance`
    /// (scipy's `pgtol` and `factr * eps`).
    @inlinable
    public func convergence(of state: MinimizationState<Scalar, LBFGSBMemory<Scalar>>)
        -> MinimizationStatus?
    {
        if state.gradientNorm <= stopping.gradientTolerance { return .convergedByGradientNorm }
        if stopping.decreaseIsNegligible(from: state.previousValue, to: state.value) {
            return .convergedByRelativeDecrease
        }
        return nil
    }

    /// Minimizes `objective` over the box `bounds` from the projection of
    /// `start` onto it: ``minimize(_:from:callback:)`` of L-BFGS-B on
    /// `bounds`. The callback sees every iteration (with feasible
    /// parameters) and can stop the run.
    @inlinable
    public func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar], bounds: BoxConstraints<Scalar>,
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        LBFGSB(options: options, bounds: bounds).minimize(
            &objective, from: start, callback: callback)
    }
}
