import Tensor

/// The BFGS quasi-Newton method with a dense inverse-Hessian approximation
/// and a strong Wolfe line search (Nocedal & Wright 2006, algorithm 6.1).
///
/// Each iteration steps along `d = -H g`, where `H` approximates the
/// inverse Hessian and is updated from the step `s` and the gradient change
/// `y` by Nocedal and Wright's eq. 6.17 (see `BFGSInverseHessian`), with
/// BLAS level-2 calls: one `gemv` for the direction, one `gemv` and two `ger`
/// for the update, `O(n^2)` work each.
///
/// Meant for small problems: `H` takes `O(n^2)` memory (`8 n^2` bytes in
/// Double: 80 MB at `n = 3,162`); for more parameters use ``LBFGS``.
///
/// ```swift
/// var rosenbrock = Rosenbrock<Double>(.chained, dimension: 10)
/// let result = BFGS<Double>().minimize(&rosenbrock, from: rosenbrock.standardStart)
/// ```
///
/// References:
/// - C. G. Broyden 1970, R. Fletcher 1970, D. Goldfarb 1970, D. F. Shanno
///   1970 (the four papers of the update).
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, chapter 6 (eqs. 6.17, 6.20, algorithm 6.1).
public struct BFGS<Scalar: BLASScalar>: SearchDirectionMinimizer {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits.
        public var stopping: StoppingCriteria<Scalar>
        /// How the step is chosen; default strong Wolfe with `c1 = 1e-4`,
        /// `c2 = 0.9`.
        public var lineSearch: LineSearchMethod<Scalar>
        /// The update is skipped when `s^T y <= curvatureTolerance * ||s|| ||y||`
        /// (the cosine of the angle between `s` and `y` is not safely
        /// positive); default `sqrt(eps)` of the type.
        public var curvatureTolerance: Scalar

        /// Options with the defaults above.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(),
            lineSearch: LineSearchMethod<Scalar> = .strongWolfe(StrongWolfeLineSearch()),
            curvatureTolerance: Scalar = Scalar.ulpOfOne.squareRoot()
        ) {
            require(curvatureTolerance >= 0, "BFGS: curvatureTolerance must be >= 0")
            self.stopping = stopping
            self.lineSearch = lineSearch
            self.curvatureTolerance = curvatureTolerance
        }
    }

    /// The settings.
    public var options: Options

    /// BFGS with the given options.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }
    /// The line search.
    public var lineSearch: LineSearchMethod<Scalar> { options.lineSearch }

    /// The identity as the inverse Hessian.
    @inlinable
    public func freshRule(parameterCount: Int) -> BFGSInverseHessian<Scalar> {
        BFGSInverseHessian(
            parameterCount: parameterCount, curvatureTolerance: options.curvatureTolerance)
    }
}
