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
/// counted), and never exceed the budget. Buffers are allocated once per run.
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
public struct TrustRegionNewtonCG<Scalar: BLASScalar>: Sendable {
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

    /// Minimizes `objective` from `start` with finite-difference
    /// Hessian-vector products. The callback sees every iteration (a
    /// rejected step reports step length 0, an accepted one 1).
    @inlinable
    public func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar],
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        var differences = FiniteDifferenceHessianVectorProduct<Scalar>(
            count: objective.parameterCount, scheme: options.scheme,
            relativeStep: options.relativeStep)
        return minimize(
            &objective, from: start, evaluationsPerProduct: differences.evaluationsPerProduct,
            callback: callback
        ) { objective, point, gradient, direction, product in
            differences.multiply(
                &objective, at: point, gradient: gradient, direction: direction, into: &product)
        }
    }

    /// Minimizes `objective` from `start` with its exact Hessian-vector
    /// products.
    @inlinable
    public func minimize<O: HessianVectorProductObjective<Scalar>>(
        _ objective: inout O, from start: [Scalar],
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        minimize(&objective, from: start, evaluationsPerProduct: 0, callback: callback) {
            objective, point, _, direction, product in
            objective.hessianVectorProduct(at: point, direction: direction, into: &product)
            return product.allSatisfy { $0.isFinite }
        }
    }

    /// The trust-region loop, with `multiply(objective, x, g, d, Hd)` for
    /// the products (each costing `evaluationsPerProduct` gradients).
    @inlinable
    func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar], evaluationsPerProduct: Int,
        callback: ((IterationReport<Scalar>) -> IterationControl)?,
        multiply: (
            inout O, _ point: [Scalar], _ gradient: [Scalar], _ direction: [Scalar],
            _ product: inout [Scalar]
        ) -> Bool
    ) -> MinimizationResult<Scalar> {
        let n = objective.parameterCount
        require(
            start.count == n,
            "TrustRegionNewtonCG: start has \(start.count) elements for \(n) parameters")
        let stopping = options.stopping
        var point = start
        var gradient = [Scalar](repeating: 0, count: n)
        var trialPoint = point
        var trialGradient = gradient
        var solver = SteihaugConjugateGradient<Scalar>(count: n)
        let innerLimit = options.maximumInnerIterations ?? n
        var value = objective.valueAndGradient(at: point, gradient: &gradient)
        var evaluations = 1
        var gradientNorm = BLAS.nrm2(gradient)
        var radius = options.initialRadius
        var iterations = 0

        func result(_ status: MinimizationStatus) -> MinimizationResult<Scalar> {
            MinimizationResult(
                parameters: point, value: value, gradient: gradient, gradientNorm: gradientNorm,
                iterations: iterations, functionEvaluations: evaluations,
                gradientEvaluations: evaluations, status: status)
        }

        guard value.isFinite, gradientNorm.isFinite else { return result(.nonFiniteValue) }
        while true {
            if stopping.gradientIsSmall(gradientNorm, atPointOfNorm: BLAS.nrm2(point)) {
                return result(.convergedByGradientNorm)
            }
            if iterations >= stopping.maximumIterations { return result(.iterationLimit) }
            // Keep one evaluation for the trial point.
            let left = stopping.maximumEvaluations - evaluations - 1
            let affordable = evaluationsPerProduct == 0 ? innerLimit : left / evaluationsPerProduct
            guard left >= 0, affordable > 0 else { return result(.evaluationLimit) }
            iterations += 1

            let forcing = min(options.maximumForcing, gradientNorm.squareRoot())
            let outcome = solver.solve(
                gradient: gradient, radius: radius, tolerance: forcing * gradientNorm,
                maximumIterations: min(innerLimit, affordable)
            ) { direction, product in
                multiply(&objective, point, gradient, direction, &product)
            }
            evaluations += outcome.products * evaluationsPerProduct

            // rho = actual / predicted reduction (N&W eq. 4.4).
            BLAS.copy(point, &trialPoint)
            BLAS.axpy(1, solver.step, &trialPoint)
            let trial = objective.valueAndGradient(at: trialPoint, gradient: &trialGradient)
            evaluations += 1
            let trialFinite = trial.isFinite && BLAS.nrm2(trialGradient).isFinite
            let ratio = trialFinite ? (value - trial) / -outcome.modelChange : -.infinity
            if !(ratio >= 0.25) {
                radius /= 4
            } else if ratio > 0.75 && outcome.hitsBoundary {
                radius = min(2 * radius, options.maximumRadius)
            }
            let accepted = ratio > options.acceptanceRatio && trial < value
            var status: MinimizationStatus?
            if accepted {
                let previous = value
                swap(&point, &trialPoint)
                swap(&gradient, &trialGradient)
                value = trial
                gradientNorm = BLAS.nrm2(gradient)
                if stopping.decreaseIsNegligible(from: previous, to: value) {
                    status = .convergedByRelativeDecrease
                }
            } else if radius < Scalar.ulpOfOne * max(1, BLAS.nrm2(point)) {
                status = trialFinite ? .lineSearchFailure : .nonFiniteValue
            }
            if let callback,
                callback(
                    IterationReport(
                        iteration: iterations, value: value, gradientNorm: gradientNorm,
                        stepLength: accepted ? 1 : 0, functionEvaluations: evaluations,
                        parameters: point)) == .stop, status == nil
            {
                status = .stoppedByCallback
            }
            if let status { return result(status) }
        }
    }
}
