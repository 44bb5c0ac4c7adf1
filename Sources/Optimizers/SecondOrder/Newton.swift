import Tensor

/// Newton's method with the Hessian from finite differences of the gradient
/// and the step from LAPACK, for small problems:
///
/// ```
/// H p = -g                       Cholesky (LAPACK ?posv) when H is positive definite
/// (H + tau I) p = -g             otherwise, tau = max(0, -lambda_min) + delta
/// w <- w + a p                   a = 1, 1/2, 1/4, ... until Armijo holds
/// ```
///
/// - **Hessian**: ``FiniteDifferenceHessian``, central differences of the
///   gradient, symmetrized `(H + H^T) / 2`: `2 n` gradient evaluations per
///   iteration and `O(n^2)` memory, plus an `O(n^3)` factorization; meant for
///   problems of up to a few hundred parameters (use ``HessianFree`` beyond).
/// - **Indefinite Hessians** (Nocedal & Wright, *Numerical Optimization*,
///   2nd ed., section 3.4, "modified Newton"): when the Cholesky
///   factorization fails, the symmetric eigendecomposition (LAPACK ?syevd)
///   gives `lambda_min`, the Hessian is shifted by
///   `tau = max(0, -lambda_min) + delta`, `delta = max(relativeShift *
///   max|lambda_i|, sqrt(eps))`, so that `H + tau I` has smallest eigenvalue
///   `delta`, and every such iterate is recorded in ``saddleReports``: the
///   negative eigenvalues are the directions of negative curvature at saddle
///   points (Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press
///   2016, section 8.2.3). The shifted system is solved with the
///   eigendecomposition already at hand,
///   `p = -V diag(1 / (lambda_i + tau)) V^T g`. While the Hessian is
///   indefinite the relative-decrease test is not applied (a slow decrease
///   there means a saddle attracts the iterates, not convergence).
/// - **Saddle escape**: when the gradient test passes and
///   ``Options/escapesSaddles`` is on, the Hessian is checked before the run
///   is declared converged; at a stationary point with a negative eigenvalue
///   (a saddle, or a maximum) the step is the unit eigenvector of
///   `lambda_min`, along which `f` decreases, instead of convergence. That
///   check costs one more Hessian (`2 n` evaluations) at the end of a run and
///   is not counted as an iteration.
/// - **Safeguard**: backtracking on Armijo's condition
///   `f(w + a p) <= f(w) + c1 a g^T p` (a NaN or infinite trial is also
///   halved); the best point is kept when no step length is acceptable.
///
/// References:
/// - J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
///   2006: section 3.3 (Newton's method), 3.4 (Hessian modification,
///   eq. 3.41), 8.1 (finite-difference Hessians).
/// - See also Y. Dauphin et al., "Identifying and attacking the saddle point problem
///   in high-dimensional non-convex optimization", NIPS 2014.
public struct Newton<Scalar: BLASScalar>: Sendable {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Iteration, evaluation and convergence limits.
        public var stopping: StoppingCriteria<Scalar>
        /// The Hessian's difference step relative to `max(1, |w_j|)` (`nil`: `cbrt(eps)`).
        public var relativeStep: Scalar?
        /// `delta / max|lambda_i|` for the shift of an indefinite Hessian.
        public var relativeShift: Scalar
        /// Armijo's constant `c1`.
        public var sufficientDecrease: Scalar
        /// The most step halvings per iteration.
        public var maximumBacktracks: Int
        /// Whether a stationary point with a negative Hessian eigenvalue is
        /// left along the eigenvector rather than reported as converged.
        public var escapesSaddles: Bool

        /// Options with the defaults: `stopping` the precision's defaults,
        /// step `cbrt(eps)`, `relativeShift = 1e-3`, `c1 = 1e-4`, 50 halvings,
        /// saddles escaped.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(), relativeStep: Scalar? = nil,
            relativeShift: Scalar = 1e-3, sufficientDecrease: Scalar = 1e-4,
            maximumBacktracks: Int = 50, escapesSaddles: Bool = true
        ) {
            require(
                relativeShift > 0, "Newton: relativeShift \(relativeShift) must be positive")
            require(maximumBacktracks >= 0, "Newton: maximumBacktracks < 0")
            self.stopping = stopping
            self.relativeStep = relativeStep
            self.relativeShift = relativeShift
            self.sufficientDecrease = sufficientDecrease
            self.maximumBacktracks = maximumBacktracks
            self.escapesSaddles = escapesSaddles
        }
    }

    /// The settings.
    public var options: Options
    /// The iterates of the last run whose Hessian was not positive definite,
    /// with its eigenvalues (empty when every Hessian was).
    public var saddleReports: [SaddleReport<Scalar>] { reports }

    @usableFromInline var reports: [SaddleReport<Scalar>] = []

    /// A minimizer with `options`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Minimizes `objective` from `start`; fills ``saddleReports``.
    ///
    /// - Parameters:
    ///   - objective: The function; evaluated only with its gradient.
    ///   - start: The initial point (`objective.parameterCount` elements).
    ///   - callback: Called after every iteration; `.stop` ends the run.
    /// - Returns: The final point (the best one seen) and the run's counts
    ///   and status.
    @inlinable
    public mutating func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar],
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        let n = objective.parameterCount
        require(
            start.count == n, "Newton: start has \(start.count) elements for \(n) parameters")
        let stopping = options.stopping
        reports = []
        var hessian = FiniteDifferenceHessian<Scalar>(count: n, relativeStep: options.relativeStep)
        var point = start
        var gradient = [Scalar](repeating: 0, count: n)
        var trialPoint = point
        var trialGradient = gradient
        var step = gradient
        var evaluations = 1
        var value = objective.valueAndGradient(at: point, gradient: &gradient)
        var gradientNorm = BLAS.nrm2(gradient)
        var iterations = 0

        func result(_ status: MinimizationStatus) -> MinimizationResult<Scalar> {
            MinimizationResult(
                parameters: point, value: value, gradient: gradient, gradientNorm: gradientNorm,
                iterations: iterations, functionEvaluations: evaluations,
                gradientEvaluations: evaluations, status: status)
        }

        guard value.isFinite, gradientNorm.isFinite else { return result(.nonFiniteValue) }
        while true {
            let stationary =
                stopping.gradientIsSmall(gradientNorm, atPointOfNorm: BLAS.nrm2(point))
            if stationary && !options.escapesSaddles { return result(.convergedByGradientNorm) }
            if iterations >= stopping.maximumIterations {
                return result(stationary ? .convergedByGradientNorm : .iterationLimit)
            }
            guard evaluations + 2 * n + 1 <= stopping.maximumEvaluations else {
                return result(stationary ? .convergedByGradientNorm : .evaluationLimit)
            }
            let finite = hessian.compute(&objective, at: point)
            evaluations += 2 * n
            var escaping = false
            var indefinite = false
            if !finite {
                // No usable curvature: steepest descent, scaled by backtracking.
                if stationary { return result(.convergedByGradientNorm) }
                for i in 0..<n { step[i] = -gradient[i] }
            } else if let newton = try? LAPACK.choleskySolve(hessian.hessian, gradient) {
                if stationary { return result(.convergedByGradientNorm) }
                for i in 0..<n { step[i] = -newton[i] }
            } else {
                guard let eigen = try? LAPACK.symmetricEigen(hessian.hessian) else {
                    return result(.nonFiniteValue)
                }
                let smallest = eigen.values.first ?? 0
                let largest = eigen.values.map { abs($0) }.max() ?? 0
                let delta = max(options.relativeShift * largest, Scalar.ulpOfOne.squareRoot())
                // N&W section 3.4: shift so that the smallest eigenvalue is delta.
                let shift = max(0, -smallest) + delta
                indefinite = smallest < -delta
                reports.append(
                    SaddleReport(
                        iteration: iterations + 1, parameters: point, value: value,
                        gradientNorm: gradientNorm, eigenvalues: eigen.values, shift: shift))
                if stationary {
                    // A saddle (or a maximum): leave along the eigenvector of lambda_min.
                    guard indefinite else { return result(.convergedByGradientNorm) }
                    let sign: Scalar =
                        (0..<n).reduce(0) { $0 + gradient[$1] * eigen.vectors[$1, 0] } > 0 ? -1 : 1
                    for i in 0..<n { step[i] = sign * eigen.vectors[i, 0] }
                    escaping = true
                } else {
                    // (H + tau I) p = -g from the eigendecomposition:
                    // p = -V diag(1 / (lambda + tau)) V^T g.
                    for i in 0..<n { step[i] = 0 }
                    for k in 0..<n {
                        var projection: Scalar = 0
                        for i in 0..<n { projection += eigen.vectors[i, k] * gradient[i] }
                        let coefficient = -projection / (eigen.values[k] + shift)
                        for i in 0..<n { step[i] += coefficient * eigen.vectors[i, k] }
                    }
                }
            }
            iterations += 1
            var slope = BLAS.dot(gradient, step)
            if !escaping, !(slope < 0) {
                for i in 0..<n { step[i] = -gradient[i] }
                slope = -gradientNorm * gradientNorm
            }

            // Backtracking on Armijo's condition (strict decrease when escaping, slope 0).
            var stepLength: Scalar = 1
            var accepted = false
            var lastTrialFinite = true
            for _ in 0...options.maximumBacktracks {
                guard evaluations < stopping.maximumEvaluations else {
                    return result(.evaluationLimit)
                }
                BLAS.copy(point, &trialPoint)
                BLAS.axpy(stepLength, step, &trialPoint)
                let trial = objective.valueAndGradient(at: trialPoint, gradient: &trialGradient)
                evaluations += 1
                lastTrialFinite = trial.isFinite && BLAS.nrm2(trialGradient).isFinite
                if lastTrialFinite,
                    trial <= value + options.sufficientDecrease * stepLength * slope,
                    !escaping || trial < value
                {
                    let previous = value
                    swap(&point, &trialPoint)
                    swap(&gradient, &trialGradient)
                    value = trial
                    gradientNorm = BLAS.nrm2(gradient)
                    accepted = true
                    // Not at negative curvature: the decrease may be slow
                    // only because a saddle attracts the iterates.
                    if !(options.escapesSaddles && indefinite),
                        stopping.decreaseIsNegligible(from: previous, to: value)
                    {
                        return result(.convergedByRelativeDecrease)
                    }
                    break
                }
                stepLength /= 2
            }
            guard accepted else {
                if stationary { return result(.convergedByGradientNorm) }
                return result(lastTrialFinite ? .lineSearchFailure : .nonFiniteValue)
            }
            if let callback,
                callback(
                    IterationReport(
                        iteration: iterations, value: value, gradientNorm: gradientNorm,
                        stepLength: stepLength, functionEvaluations: evaluations,
                        parameters: point)) == .stop
            {
                return result(.stoppedByCallback)
            }
        }
    }
}
