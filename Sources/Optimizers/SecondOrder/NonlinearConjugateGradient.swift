import Tensor

/// Nonlinear conjugate gradient (Nocedal & Wright 2006, algorithm 5.4 and
/// section 5.2): `d+ = -g+ + beta d` with `beta` by one of three
/// ``ConjugateGradientFormula``s, and a strong Wolfe line search with `c2 = 0.1`.
///
/// Restarts with steepest descent every `restartInterval` iterations
/// (default `n`), whenever the direction loses descent (`g^T d >= 0`), and,
/// for Fletcher-Reeves by default, when consecutive gradients are far from
/// orthogonal (Powell 1977).
/// Memory: four vectors besides the line search's; work `O(n)` per
/// iteration. Polak-Ribiere+ is the default and, on Rosenbrock's function,
/// by far the fastest of the three; Fletcher-Reeves is slow there (see the
/// tests).
///
/// References:
/// - R. Fletcher and C. M. Reeves, "Function minimization by conjugate
///   gradients", *The Computer Journal* 7, 1964.
/// - E. Polak and G. Ribiere, "Note sur la convergence de methodes de
///   directions conjuguees", *Revue francaise d'informatique et de recherche
///   operationnelle* 16, 1969.
/// - M. J. D. Powell, "Restart procedures for the conjugate gradient
///   method", *Mathematical Programming* 12, 1977.
/// - M. R. Hestenes and E. Stiefel, "Methods of conjugate gradients for
///   solving linear systems", *Journal of Research of the NBS* 49, 1952.
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, section 5.2.
public struct NonlinearConjugateGradient<Scalar: BLASScalar>: SearchDirectionMinimizer {
    /// The choice of `beta`.
    public typealias Formula = ConjugateGradientFormula

    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits.
        public var stopping: StoppingCriteria<Scalar>
        /// How the step is chosen; default strong Wolfe with `c1 = 1e-4`,
        /// `c2 = 0.1` (N&W section 5.2: with `c2 < 1/2` Fletcher-Reeves
        /// directions descend).
        public var lineSearch: LineSearchMethod<Scalar>
        /// The formula for `beta`; default ``ConjugateGradientFormula/polakRibierePlus``.
        public var formula: Formula
        /// Steepest descent every this many iterations; `nil` (the default)
        /// for `n`, the number of parameters.
        public var restartInterval: Int?
        /// Steepest descent also when `|g+^T g| >= orthogonalityThreshold ||g+||^2`
        /// (Powell 1977; N&W eq. 5.52); `.infinity` turns the test off. Default
        /// (`nil` in the initializer): 0.1 for Fletcher-Reeves, which without
        /// it crawls (N&W section 5.2), and off for Polak-Ribiere+ and
        /// Hestenes-Stiefel, whose `beta` already shrinks when progress stalls.
        public var orthogonalityThreshold: Scalar

        /// Options with the defaults above.
        public init(
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(),
            lineSearch: LineSearchMethod<Scalar> = .strongWolfe(
                StrongWolfeLineSearch(curvature: 0.1)),
            formula: Formula = .polakRibierePlus,
            restartInterval: Int? = nil,
            orthogonalityThreshold: Scalar? = nil
        ) {
            require(
                orthogonalityThreshold.map { $0 > 0 } ?? true,
                "NonlinearConjugateGradient: orthogonalityThreshold must be positive")
            require(
                restartInterval.map { $0 > 0 } ?? true,
                "NonlinearConjugateGradient: restartInterval must be positive")
            self.stopping = stopping
            self.lineSearch = lineSearch
            self.formula = formula
            self.restartInterval = restartInterval
            self.orthogonalityThreshold =
                orthogonalityThreshold ?? (formula == .fletcherReeves ? 0.1 : .infinity)
        }
    }

    /// The settings.
    public var options: Options

    /// Nonlinear CG with the given options.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The limits and tolerances.
    public var stopping: StoppingCriteria<Scalar> { options.stopping }
    /// The line search.
    public var lineSearch: LineSearchMethod<Scalar> { options.lineSearch }

    /// `beta = 0`: the first direction is steepest descent.
    @inlinable
    public func freshRule(parameterCount: Int) -> ConjugateGradientDirection<Scalar> {
        ConjugateGradientDirection(
            formula: options.formula,
            restartInterval: options.restartInterval ?? max(1, parameterCount),
            orthogonalityThreshold: options.orthogonalityThreshold)
    }
}

/// The choice of `beta` in nonlinear conjugate gradient (with `y = g+ - g`).
public enum ConjugateGradientFormula: String, Codable, Hashable, Sendable, CaseIterable {
    /// `beta = g+^T g+ / g^T g` (Fletcher & Reeves 1964).
    case fletcherReeves
    /// `beta = max(0, g+^T y / g^T g)` (Polak & Ribiere 1969, with
    /// Powell's nonnegativity: N&W eq. 5.45).
    case polakRibierePlus
    /// `beta = g+^T y / d^T y` (Hestenes & Stiefel 1952).
    case hestenesStiefel
}
