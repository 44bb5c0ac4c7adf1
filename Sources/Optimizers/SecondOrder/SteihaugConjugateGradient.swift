import Tensor

/// The trust-region subproblem
///
/// ```
/// minimize  q(p) = g^T p + p^T H p / 2   subject to  ||p|| <= radius
/// ```
///
/// solved approximately by Steihaug-Toint truncated conjugate gradients
/// (Nocedal & Wright 2006, algorithm 7.2), touching `H` only through
/// products `H d`. From `p = 0`, CG runs on `H p = -g` until
///
/// - the residual `||H p + g||` falls below `tolerance`
///   (``Termination/converged``);
/// - a direction has `d^T H d <= 0` (``Termination/negativeCurvature``):
///   the step goes to the boundary along `d`, at whichever of the two
///   crossings `||p + tau d|| = radius` has the lower `q`;
/// - the next iterate would leave the region (``Termination/boundary``): the
///   step stops where `p + tau d` (`tau > 0`) meets the boundary;
/// - a product is NaN or infinite (``Termination/nonFiniteProduct``): the
///   iterate so far, or on the first iteration the steepest-descent step to
///   the boundary, `-radius g / ||g||`, is returned.
///
/// Each CG iterate decreases `q` and grows in norm (Steihaug 1983,
/// theorem 2.1), so stopping at the boundary is safe. `q` is tracked along
/// the way from `q(p + tau d) = q(p) + tau r^T d + tau^2 d^T H d / 2` (with
/// `r = H p + g`), so no product is spent on the model value. Buffers are
/// allocated once.
///
/// References:
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, section 7.1 (algorithm 7.2).
/// - T. Steihaug, "The conjugate gradient method and trust regions in large
///   scale optimization", *SIAM J. Numer. Anal.* 20(3), 1983.
public struct SteihaugConjugateGradient<Scalar: BLASScalar>: Sendable {
    /// Why CG stopped.
    public enum Termination: String, Sendable, Hashable {
        /// `||H p + g|| < tolerance` inside the region.
        case converged
        /// A direction of non-positive curvature; `p` is on the boundary.
        case negativeCurvature
        /// The CG iterate left the region; `p` is on the boundary.
        case boundary
        /// The iteration limit was reached inside the region.
        case iterationLimit
        /// A product was NaN or infinite.
        case nonFiniteProduct
    }

    /// What a solve found.
    public struct Outcome: Sendable {
        /// Why CG stopped.
        public var termination: Termination
        /// The number of products `H d` made.
        public var products: Int
        /// `q(p) = g^T p + p^T H p / 2` at the returned step (for
        /// ``Termination/nonFiniteProduct`` on the first iteration, the
        /// linear part `g^T p` alone).
        public var modelChange: Scalar
        @usableFromInline
        init(termination: Termination, products: Int, modelChange: Scalar) {
            self.termination = termination
            self.products = products
            self.modelChange = modelChange
        }

        /// Whether `||p|| = radius` (up to rounding).
        public var hitsBoundary: Bool {
            termination == .negativeCurvature || termination == .boundary
                || termination == .nonFiniteProduct && products == 1
        }
    }

    /// The step `p` of the last solve (`n` elements).
    @inlinable public var step: [Scalar] { solution }
    @usableFromInline var solution: [Scalar]
    @usableFromInline var residual: [Scalar]
    @usableFromInline var direction: [Scalar]
    @usableFromInline var product: [Scalar]

    /// A solver for `count` variables.
    public init(count: Int) {
        solution = [Scalar](repeating: 0, count: count)
        residual = solution
        direction = solution
        product = solution
    }

    /// Solves the subproblem for the gradient `g` and the region `radius`;
    /// the step is in ``step`` afterwards.
    ///
    /// - Parameters:
    ///   - g: `gradient:`, the gradient `g` of the model.
    ///   - radius: The trust region's radius.
    ///   - tolerance: The residual norm at which CG stops.
    ///   - maximumIterations: The most products (at least 1).
    ///   - multiply: Writes `H d` into its second argument; returns whether
    ///     the product is finite.
    @inlinable
    public mutating func solve(
        gradient g: [Scalar], radius: Scalar, tolerance: Scalar, maximumIterations: Int,
        multiply: (_ direction: [Scalar], _ product: inout [Scalar]) -> Bool
    ) -> Outcome {
        require(
            g.count == solution.count && radius > 0 && maximumIterations > 0,
            "SteihaugConjugateGradient: \(g.count) gradient elements for \(solution.count), radius \(radius), \(maximumIterations) iterations"
        )
        for i in solution.indices { solution[i] = 0 }
        BLAS.copy(g, &residual)
        BLAS.copy(g, &direction)
        BLAS.scal(-1, &direction)
        var residualSquared = BLAS.dot(residual, residual)
        var model: Scalar = 0
        var stepSquared: Scalar = 0
        guard residualSquared.squareRoot() >= tolerance else {
            return Outcome(termination: .converged, products: 0, modelChange: 0)
        }
        for iteration in 1...maximumIterations {
            guard multiply(direction, &product) else {
                if iteration == 1 {
                    // -radius g / ||g||, with the linear model only.
                    BLAS.copy(direction, &solution)
                    BLAS.scal(radius / residualSquared.squareRoot(), &solution)
                    model = -radius * residualSquared.squareRoot()
                }
                return Outcome(termination: .nonFiniteProduct, products: iteration, modelChange: model)
            }
            let curvature = BLAS.dot(direction, product)
            let slope = BLAS.dot(residual, direction)  // r^T d = q'(0) along d
            let directionSquared = BLAS.dot(direction, direction)
            let stepDotDirection = BLAS.dot(solution, direction)
            func boundaryCrossings() -> (Scalar, Scalar) {
                boundaryIntersections(
                    stepSquared: stepSquared, stepDotDirection: stepDotDirection,
                    directionSquared: directionSquared, radius: radius)
            }
            func modelAt(_ tau: Scalar) -> Scalar {
                model + tau * slope + tau * tau * curvature / 2
            }
            if !(curvature > 0) {
                let (low, high) = boundaryCrossings()
                let tau = modelAt(low) < modelAt(high) ? low : high
                BLAS.axpy(tau, direction, &solution)
                return Outcome(
                    termination: .negativeCurvature, products: iteration, modelChange: modelAt(tau))
            }
            let alpha = residualSquared / curvature
            let nextSquared =
                stepSquared + 2 * alpha * stepDotDirection + alpha * alpha * directionSquared
            if nextSquared >= radius * radius {
                let tau = boundaryCrossings().1
                BLAS.axpy(tau, direction, &solution)
                return Outcome(termination: .boundary, products: iteration, modelChange: modelAt(tau))
            }
            model = modelAt(alpha)
            BLAS.axpy(alpha, direction, &solution)
            stepSquared = nextSquared
            BLAS.axpy(alpha, product, &residual)
            let nextResidualSquared = BLAS.dot(residual, residual)
            if nextResidualSquared.squareRoot() < tolerance {
                return Outcome(termination: .converged, products: iteration, modelChange: model)
            }
            // d = -r + beta d, beta = r+^T r+ / r^T r.
            BLAS.scal(nextResidualSquared / residualSquared, &direction)
            BLAS.axpy(-1, residual, &direction)
            residualSquared = nextResidualSquared
        }
        return Outcome(
            termination: .iterationLimit, products: maximumIterations, modelChange: model)
    }
}

/// The two roots `tau_low <= 0 <= tau_high` of `||p + tau d||^2 = radius^2`
/// for `||p|| <= radius`, by the cancellation-free form of the quadratic
/// formula (`a tau^2 + b tau + c = 0`, `a = d^T d`, `b = 2 p^T d`,
/// `c = p^T p - radius^2`).
@inlinable
func boundaryIntersections<Scalar: BLASScalar>(
    stepSquared: Scalar, stepDotDirection: Scalar, directionSquared: Scalar, radius: Scalar
) -> (Scalar, Scalar) {
    let a = directionSquared
    let b = 2 * stepDotDirection
    let c = stepSquared - radius * radius
    let root = max(b * b - 4 * a * c, 0).squareRoot()
    let aux = b + (b >= 0 ? root : -root)
    guard aux != 0 else { return (0, 0) }  // p on the boundary, d tangent to it
    let (first, second) = (-aux / (2 * a), -2 * c / aux)
    return (min(first, second), max(first, second))
}
