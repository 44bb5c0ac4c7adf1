import Tensor

/// Trust-region Newton-CG (scipy's `minimize(method="trust-ncg")`): each
/// iteration solves the subproblem `min g^T p + p^T H p / 2, ||p|| <= radius`
/// by Steihaug-Toint CG (``SteihaugConjugateGradient``) on Hessian-vector
/// products, exact when the objective supplies them
/// (``HessianVectorProductObjective``), else forward differences of the
/// gradient (``FiniteDifferenceHessianVectorProduct``).
///
/// - **Forcing** (Nocedal & Wright 2006, algorithm 7.2): CG stops at the
///   residual `eta ||g||` with `eta = min(maximumForcing, sqrt(||g||))`,
///   for superlinear local convergence.
/// - **Radius** (algorithm 4.1): with `rho = (f(x) - f(x + p)) / (-q(p))`,
///   the radius is quartered when `rho < 1/4` and doubled (up to
///   ``Options/maximumRadius``) when `rho > 3/4` and `p` is on the boundary;
///   the step is taken when `rho > acceptanceRatio`. A NaN or infinite
///   trial counts as `rho = -infinity`.
///
/// A direction of negative curvature ends CG on the boundary, so the method
/// leaves saddle points and maxima that stop line-search Newton methods.
/// Every accepted step decreases `f`; the run ends with
/// ``MinimizationStatus/lineSearchFailure`` (no acceptable step) when the
/// radius falls below `eps max(1, ||x||)`. Evaluations count every gradient,
/// the finite-difference products' included (exact products are not
/// counted), and never exceed the budget.
///
/// The products are exact whenever the objective's type conforms to
/// ``HessianVectorProductObjective``: ``step(_:_:)`` is generic over every
/// ``Objective`` and asks ``Objective/hasExactHessianVectorProducts``. The memory between
/// iterations is the radius (``TrustRegionMemory``); a rejected step is a
/// completed iteration with ``MinimizationState/stepLength`` 0 (an accepted
/// one has 1). Buffers are allocated at the first iteration, not per
/// iteration.
///
/// ```swift
/// var rosenbrock = Rosenbrock<Double>(.extended, dimension: 1000)
/// let result = TrustRegionNewtonCG<Double>().minimize(
///     &rosenbrock, from: rosenbrock.standardStart)  // exact products
/// ```
///
/// References:
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006: algorithm 4.1 (trust region), algorithm 7.2 (CG-Steihaug).
/// - T. Steihaug, "The conjugate gradient method and trust regions in large
///   scale optimization", *SIAM J. Numer. Anal.* 20(3), 1983.
public struct TrustRegionNewtonCG<Scalar: BLASScalar>: Minimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Iteration, evaluation and convergence limits.
        public var stopping: StoppingCriteria<Scalar>
        /// The first radius.
        public var initialRadius: Scalar
        /// The largest radius.
        public var maximumRadius: Scalar
        /// A step is taken when `rho > acceptanceRatio` (`eta` in `[0, 1/4)`).
        public var acceptanceRatio: Scalar
        /// The upper bound of the forcing term.
        public var maximumForcing: Scalar
        /// The most CG iterations per subproblem (`nil`: `n`).
        public var maximumInnerIterations: Int?
        /// The finite-difference scheme when the objective has no exact products.
        public var scheme: FiniteDifferenceHessianVectorProduct<Scalar>.Scheme
        /// The finite-difference step relative to `1 + ||x||` (`nil`: the scheme's default).
        public var relativeStep: Scalar?

        /// Options with scipy's trust-region defaults (radius 1, at most
        /// 1000, `eta = 0.15`), `eta_k <= 1/2`, at most `n` CG iterations
        /// and forward differences.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(), initialRadius: Scalar = 1,
            maximumRadius: Scalar = 1000, acceptanceRatio: Scalar = 0.15,
            maximumForcing: Scalar = 0.5, maximumInnerIterations: Int? = nil,
            scheme: FiniteDifferenceHessianVectorProduct<Scalar>.Scheme = .forward,
            relativeStep: Scalar? = nil
        ) {
            require(
                initialRadius > 0 && maximumRadius >= initialRadius,
                "TrustRegionNewtonCG: need 0 < initialRadius <= maximumRadius")
            require(
                acceptanceRatio >= 0 && acceptanceRatio < 0.25,
                "TrustRegionNewtonCG: acceptanceRatio \(acceptanceRatio) not in [0, 1/4)")
            require(
                maximumForcing > 0 && maximumForcing < 1,
                "TrustRegionNewtonCG: maximumForcing \(maximumForcing) not in (0, 1)")
            require(
                (maximumInnerIterations ?? 1) > 0,
                "TrustRegionNewtonCG: maximumInnerIterations must be positive")
            self.stopping = stopping
            self.initialRadius = initialRadius
            self.maximumRadius = maximumRadius
            self.acceptanceRatio = acceptanceRatio
            self.maximumForcing = maximumForcing
            self.maximumInnerIterations = maximumInnerIterations
            self.scheme = scheme
            self.relativeStep = relativeStep
        }
    }

    /// The settings.
    public var options: Options

    /// A minimizer with `options`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }

    /// The radius ``Options/initialRadius``.
    @inlinable
    public func freshMemory(parameterCount: Int) -> TrustRegionMemory<Scalar> {
        TrustRegionMemory(radius: options.initialRadius)
    }

    /// The tests after an iteration, in the order of algorithm 4.1's loop:
    /// after an accepted step, a relative decrease of `f` below
    /// `relativeDecreaseTolerance`; after a rejected one, a radius below
    /// `eps max(1, ||x||)`, which ends the run (no acceptable step, or
    /// ``MinimizationStatus/nonFiniteValue`` when the trial was NaN or
    /// infinite); then `||g|| <= gradientTolerance max(1, ||x||)`.
    @inlinable
    public func convergence(of state: MinimizationState<Scalar, TrustRegionMemory<Scalar>>)
        -> MinimizationStatus?
    {
        if state.stepLength != 0 {
            if stopping.decreaseIsNegligible(from: state.previousValue, to: state.value) {
                return .convergedByRelativeDecrease
            }
        } else if state.memory.radius < Scalar.ulpOfOne * max(1, BLAS.nrm2(state.point)) {
            return state.memory.lastTrialWasFinite ? .lineSearchFailure : .nonFiniteValue
        }
        return stopping.gradientIsSmall(state.gradientNorm, atPointOfNorm: BLAS.nrm2(state.point))
            ? .convergedByGradientNorm : nil
    }
}
