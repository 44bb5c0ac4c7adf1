import Tensor

/// Hessian-free (truncated Newton) optimization: each iteration solves the
/// damped Newton system
///
/// ```
/// (H + lambda I) p = -g
/// ```
///
/// approximately by linear conjugate gradients that touch `H` only through
/// products `H v` by finite differences of the gradient
/// (``FiniteDifferenceHessianVectorProduct``), so the memory is a handful of
/// `n`-vectors and an iteration costs one gradient per CG step (forward
/// differences).
///
/// - **Truncation** (Nocedal & Wright, algorithm 7.1, Newton-CG): CG stops
///   when `||r|| <= eta ||g||` with the forcing term
///   `eta = min(maximumForcing, sqrt(||g||))`, which gives superlinear local
///   convergence, or at a direction of non-positive damped curvature
///   (`d^T (H + lambda I) d <= 0`), keeping the iterate so far, or the
///   damped steepest-descent step `-g / lambda` on the first CG iteration.
///   Martens' progress-based criterion (2010, section 4.4) suits noisy
///   mini-batch objectives; on full-batch objectives the residual test
///   converges faster, so it is the one used here.
/// - **Damping** (Martens 2010, section 4.1, Levenberg-Marquardt): with the
///   reduction ratio `rho = (f(w + p) - f(w)) / q(p)`, `q(p) = g^T p + p^T H p
///   / 2` the undamped model, `lambda *= 3/2` when `rho < 1/4` and
///   `lambda *= 2/3` when `rho > 3/4`.
/// - **Safeguard** (Martens 2010, section 4.6): a step that does not satisfy
///   Armijo's condition `f(w + a p) <= f(w) + c1 a g^T p` (in particular one
///   that increases `f` or makes it NaN or infinite) is halved up to
///   ``Options/maximumBacktracks`` times; when none is acceptable the step is
///   rejected, `w` kept and `lambda` raised: the iteration is complete
///   (its callback reports step length 0, and the next one solves again with
///   the larger `lambda`). After ``Options/maximumConsecutiveRejections``
///   rejections in a row the run stops with the (best) current point:
///   ``MinimizationStatus/nonFiniteValue`` when the last trial was not
///   finite, else ``MinimizationStatus/lineSearchFailure``.
///
/// Every accepted step decreases `f`, so the current point is always the best
/// one seen. The evaluation budget counts every gradient, the products'
/// included, and is never exceeded: an iteration starts only when one
/// evaluation is left for its trial step after the products.
/// ``MinimizationResult/iterations`` counts the outer iterations (CG solves),
/// rejected ones included. The convergence tests are the shared ones
/// (``Minimizer/convergenceByDefault(of:)``); a rejected step is never taken
/// for convergence by relative decrease.
///
/// Stepped one iteration at a time (``Minimizer/advance(_:_:)``), a run
/// keeps `lambda` and the count of rejections in its ``HessianFreeMemory``.
/// Each CG solve starts from `p = 0` (Martens 2010, section 4.5, starts from
/// the previous solution, which helps mini-batch runs most), so no vector
/// carries over from one iteration to the next.
///
/// Measured on Rosenbrock's function from the standard start (Double,
/// defaults): both forms at n = 2 in 35 iterations and 121 evaluations; the
/// extended form at n = 100 and 1000 in 35 and 120; the chained form at
/// n = 100 in about 310 and 2,500, at n = 1000 in about 2,390 and 23,000
/// (the long chained runs vary by a few percent with the BLAS kernels'
/// rounding), all to `f < 1e-15` (scipy's Newton-CG stops at `f = 8e-4` on
/// the last one).
///
/// References:
/// - J. Martens, "Deep learning via Hessian-free optimization", ICML 2010.
/// - J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
///   2006: section 7.1 (algorithm 7.1, eq. 7.3) and section 8.1.
/// - S. G. Nash, "A survey of truncated-Newton methods", J. Comput. Appl.
///   Math. 124, 2000.
public struct HessianFree<Scalar: BLASScalar>: Minimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Iteration, evaluation and convergence limits.
        public var stopping: StoppingCriteria<Scalar>
        /// The finite-difference scheme of the products.
        public var scheme: FiniteDifferenceHessianVectorProduct<Scalar>.Scheme
        /// The products' step relative to `1 + ||w||` (`nil`: the scheme's default).
        public var relativeStep: Scalar?
        /// The initial damping `lambda`.
        public var initialDamping: Scalar
        /// The factor on `lambda` when `rho < 1/4` or a step is rejected.
        public var dampingIncrease: Scalar
        /// The factor on `lambda` when `rho > 3/4`.
        public var dampingDecrease: Scalar
        /// The upper bound of the forcing term `eta`.
        public var maximumForcing: Scalar
        /// The most CG iterations per solve (`nil`: `n`, at least 10).
        public var maximumInnerIterations: Int?
        /// Armijo's constant `c1`.
        public var sufficientDecrease: Scalar
        /// The most step halvings before a step is rejected.
        public var maximumBacktracks: Int
        /// The most rejected steps in a row before the run gives up.
        public var maximumConsecutiveRejections: Int

        /// Options with the defaults: `stopping` the precision's defaults,
        /// forward differences with the default step, `lambda = 1`, factors
        /// 3/2 and 2/3 (Martens 2010), `eta <= 1/2`, at most `max(n, 10)` CG
        /// iterations, `c1 = 1e-4`, 30 halvings and 20 rejections in a row.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(),
            scheme: FiniteDifferenceHessianVectorProduct<Scalar>.Scheme = .forward,
            relativeStep: Scalar? = nil, initialDamping: Scalar = 1,
            dampingIncrease: Scalar = 1.5, dampingDecrease: Scalar = 2 / 3,
            maximumForcing: Scalar = 0.5, maximumInnerIterations: Int? = nil,
            sufficientDecrease: Scalar = 1e-4, maximumBacktracks: Int = 30,
            maximumConsecutiveRejections: Int = 20
        ) {
            require(initialDamping >= 0, "HessianFree: initialDamping \(initialDamping) < 0")
            require(
                dampingIncrease > 1 && dampingDecrease > 0 && dampingDecrease < 1,
                "HessianFree: need dampingIncrease > 1 and 0 < dampingDecrease < 1")
            require(
                maximumForcing > 0 && maximumForcing < 1,
                "HessianFree: maximumForcing \(maximumForcing) not in (0, 1)")
            require(
                (maximumInnerIterations ?? 1) > 0 && maximumBacktracks >= 0
                    && maximumConsecutiveRejections > 0,
                "HessianFree: iteration limits must be positive")
            self.stopping = stopping
            self.scheme = scheme
            self.relativeStep = relativeStep
            self.initialDamping = initialDamping
            self.dampingIncrease = dampingIncrease
            self.dampingDecrease = dampingDecrease
            self.maximumForcing = maximumForcing
            self.maximumInnerIterations = maximumInnerIterations
            self.sufficientDecrease = sufficientDecrease
            self.maximumBacktracks = maximumBacktracks
            self.maximumConsecutiveRejections = maximumConsecutiveRejections
        }
    }

    /// The settings.
    public var options: Options
    /// What a run remembers between iterations: the damping and the rejections in a row.
    public typealias Memory = HessianFreeMemory<Scalar>

    /// A minimizer with `options` (defaults: ``Options/init(stopping:scheme:relativeStep:initialDamping:dampingIncrease:dampingDecrease:maximumForcing:maximumInnerIterations:sufficientDecrease:maximumBacktracks:maximumConsecutiveRejections:)``).
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }

    /// The damping at ``Options/initialDamping``, no rejection yet.
    @inlinable
    public func freshMemory(parameterCount: Int) -> HessianFreeMemory<Scalar> {
        HessianFreeMemory(damping: options.initialDamping)
    }
}
