import Tensor

/// Limited-memory BFGS: the BFGS direction from the last `m` steps only,
/// by the two-loop recursion, with a strong Wolfe line search (Liu &
/// Nocedal 1989; Nocedal & Wright 2006, algorithm 7.5).
///
/// Memory `2 m n` scalars and work `O(m n)` per iteration, all in BLAS
/// level-1 calls on buffers allocated once per run: nothing is allocated
/// per iteration. Robust where PyTorch's `LBFGS` is not:
///
/// - `H0 = (s^T y / y^T y) I` from the newest pair (eq. 7.20), so that the
///   unit step is usually accepted;
/// - a pair is stored only when `s^T y > curvatureTolerance * ||s|| ||y||`;
/// - when the direction does not descend (`g^T d >= 0`, or NaN) the history
///   is cleared and the step is steepest descent;
/// - every value and slope is checked for NaN and infinity: a non-finite
///   trial shortens the step, and when nothing finite and lower is found the
///   run ends with ``MinimizationStatus/nonFiniteValue`` and the best
///   iterate, never with NaN.
///
/// ```swift
/// var rosenbrock = Rosenbrock<Double>(.chained, dimension: 1000)
/// let result = LBFGS<Double>().minimize(&rosenbrock, from: rosenbrock.standardStart)
/// ```
///
/// References:
/// - D. C. Liu and J. Nocedal, "On the limited memory BFGS method for large
///   scale optimization", *Mathematical Programming* 45, 1989.
/// - J. Nocedal, "Updating quasi-Newton matrices with limited storage",
///   *Mathematics of Computation* 35, 1980.
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, section 7.2 (algorithms 7.4, 7.5; eq. 7.20).
public struct LBFGS<Scalar: BLASScalar>: SearchDirectionMinimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits.
        public var stopping: StoppingCriteria<Scalar>
        /// How the step is chosen; default strong Wolfe with `c1 = 1e-4`,
        /// `c2 = 0.9`.
        public var lineSearch: LineSearchMethod<Scalar>
        /// The number of pairs `(s, y)` kept, `m`; default 10 (scipy's).
        public var historySize: Int
        /// A pair is skipped when `s^T y <= curvatureTolerance * ||s|| ||y||`;
        /// default `sqrt(eps)` of the type.
        public var curvatureTolerance: Scalar

        /// Options with the defaults above.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(),
            lineSearch: LineSearchMethod<Scalar> = .strongWolfe(StrongWolfeLineSearch()),
            historySize: Int = 10,
            curvatureTolerance: Scalar = Scalar.ulpOfOne.squareRoot()
        ) {
            require(historySize > 0, "LBFGS: historySize \(historySize) must be positive")
            require(curvatureTolerance >= 0, "LBFGS: curvatureTolerance must be >= 0")
            self.stopping = stopping
            self.lineSearch = lineSearch
            self.historySize = historySize
            self.curvatureTolerance = curvatureTolerance
        }
    }

    /// The settings.
    public var options: Options

    /// L-BFGS with the given options.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }
    /// The line search.
    public var lineSearch: LineSearchMethod<Scalar> { options.lineSearch }

    /// No pairs yet, room for ``Options/historySize``.
    @inlinable
    public func freshRule(parameterCount: Int) -> LBFGSHistory<Scalar> {
        LBFGSHistory(
            parameterCount: parameterCount, historySize: options.historySize,
            curvatureTolerance: options.curvatureTolerance)
    }
}
