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
///   `delta`, and every such iterate is recorded in the run's
///   ``NewtonMemory/saddleReports``: the
///   negative eigenvalues are the directions of negative curvature at saddle
///   points (Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press
///   2016, section 8.2.3). The shifted system is solved with the
///   eigendecomposition already at hand,
///   `p = -V diag(1 / (lambda_i + tau)) V^T g`. With
///   ``Options/escapesSaddles`` on, the relative-decrease test is not
///   applied after a step from a Hessian with an eigenvalue below `-delta`
///   (a slow decrease there means a saddle attracts the iterates, not
///   convergence).
/// - **Saddle escape**: when ``Options/escapesSaddles`` is on, passing the
///   gradient test does not end the run: the next iteration computes the
///   Hessian first, and converges (``MinimizationStatus/convergedByGradientNorm``)
///   only when it has no negative eigenvalue. At a stationary point with one
///   (a saddle, or a maximum) the step is the unit eigenvector of
///   `lambda_min`, along which `f` decreases. That check costs one more
///   Hessian (`2 n` evaluations) at the end of a run and is not counted as
///   an iteration; after the last iteration allowed the gradient test
///   decides alone.
/// - **Safeguard**: backtracking on Armijo's condition
///   `f(w + a p) <= f(w) + c1 a g^T p` (a NaN or infinite trial is also
///   halved); when no step length is acceptable the run ends at the best
///   point (``MinimizationStatus/lineSearchFailure``, or
///   ``MinimizationStatus/nonFiniteValue`` when the last trial was not
///   finite) and that attempt is not counted as an iteration.
///
/// A run keeps its ``SaddleReport``s in its ``NewtonMemory``: read them from
/// the state of a run stepped with ``Minimizer/start(_:at:)`` and
/// ``Minimizer/advance(_:_:)``. The Hessian and the trial buffers are
/// scratch, so a saved run is small and resumes exactly.
///
/// References:
/// - J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
///   2006: section 3.3 (Newton's method), 3.4 (Hessian modification,
///   eq. 3.41), 8.1 (finite-difference Hessians).
/// - See also Y. Dauphin et al., "Identifying and attacking the saddle point problem
///   in high-dimensional non-convex optimization", NIPS 2014.
public struct Newton<Scalar: BLASScalar>: Minimizer {
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
    /// What a run remembers between iterations: the saddle reports and whether the last step was at negative curvature.
    public typealias Memory = NewtonMemory<Scalar>

    /// A minimizer with `options`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }

    /// No saddle seen yet.
    @inlinable
    public func freshMemory(parameterCount: Int) -> NewtonMemory<Scalar> {
        NewtonMemory()
    }
}
