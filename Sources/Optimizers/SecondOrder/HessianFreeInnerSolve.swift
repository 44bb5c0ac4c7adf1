import Tensor

/// How the inner conjugate-gradient solve of ``HessianFree`` ended.
public enum HessianFreeInnerTermination: String, Sendable {
    /// The relative residual test `||r|| <= eta ||g||` held.
    case residualTest
    /// A direction of non-positive damped curvature `d^T (H + lambda I) d <= 0`
    /// was met (N&W algorithm 7.1); the iterate so far, or the damped
    /// steepest-descent step `-g / lambda` on the first iteration, is used.
    case negativeCurvature
    /// The CG iteration limit was reached.
    case iterationLimit
    /// The evaluation budget left no room for another product.
    case evaluationLimit
    /// A Hessian-vector product was NaN or infinite.
    case nonFinite
}

/// The buffers and the linear CG iteration of a Hessian-free run: solves
/// `(H + lambda I) p = -g` approximately with finite-difference products
/// `H v` (Nocedal & Wright, algorithm 7.1, with Martens' damping).
@usableFromInline
struct HessianFreeInnerSolve<Scalar: BLASScalar>: Sendable {
    /// The step `p`.
    @usableFromInline var step: [Scalar]
    /// The residual `r = -g - (H + lambda I) p`.
    @usableFromInline var residual: [Scalar]
    /// The CG direction `d`.
    @usableFromInline var direction: [Scalar]
    /// `H d`.
    @usableFromInline var curvatureProduct: [Scalar]
    /// `H p` (undamped), accumulated alongside `p` for the model value.
    @usableFromInline var stepProduct: [Scalar]
    /// The Hessian-vector product.
    @usableFromInline var product: FiniteDifferenceHessianVectorProduct<Scalar>

    @usableFromInline
    init(count: Int, product: FiniteDifferenceHessianVectorProduct<Scalar>) {
        let zeros = [Scalar](repeating: 0, count: count)
        step = zeros
        residual = zeros
        direction = zeros
        curvatureProduct = zeros
        stepProduct = zeros
        self.product = product
    }

    /// The outcome of one solve.
    @usableFromInline
    struct Outcome {
        @usableFromInline var termination: HessianFreeInnerTermination
        @usableFromInline var iterations: Int
        /// The undamped model decrease `q(p) = g^T p + p^T H p / 2`.
        @usableFromInline var modelChange: Scalar

        @usableFromInline
        init(termination: HessianFreeInnerTermination, iterations: Int, modelChange: Scalar) {
            self.termination = termination
            self.iterations = iterations
            self.modelChange = modelChange
        }
    }

    /// Runs CG from `p = 0` on `(H + damping I) p = -g` until
    /// `||r|| <= tolerance`, non-positive curvature, `maximumIterations`, a
    /// non-finite product, or until `evaluationsLeft` cannot pay for another
    /// product. Adds the evaluations it makes to `evaluations`.
    @inlinable
    mutating func solve<O: Objective<Scalar>>(
        _ objective: inout O, at point: [Scalar], gradient: [Scalar], damping: Scalar,
        tolerance: Scalar, maximumIterations: Int, evaluationsLeft: Int, evaluations: inout Int
    ) -> Outcome {
        let n = point.count
        for i in 0..<n {
            step[i] = 0
            stepProduct[i] = 0
            residual[i] = -gradient[i]
            direction[i] = -gradient[i]
        }
        var residualSquared = BLAS.dot(residual, residual)
        var termination = HessianFreeInnerTermination.iterationLimit
        var iterations = 0
        let cost = product.evaluationsPerProduct
        var spent = 0
        while iterations < maximumIterations {
            guard spent + cost <= evaluationsLeft else {
                termination = .evaluationLimit
                break
            }
            let finite = product.multiply(
                &objective, at: point, gradient: gradient, direction: direction,
                into: &curvatureProduct)
            spent += cost
            let curvature =
                BLAS.dot(direction, curvatureProduct) + damping * BLAS.dot(direction, direction)
            guard finite, curvature.isFinite else {
                termination = .nonFinite
                break
            }
            if curvature <= 0 {
                // N&W algorithm 7.1: stop at negative curvature; on the first
                // iteration take steepest descent, scaled by the damping
                // (the LM step with H replaced by lambda I).
                if iterations == 0 {
                    let scale: Scalar = damping > 0 ? 1 / damping : 1
                    BLAS.axpy(scale, direction, &step)
                    BLAS.axpy(scale, curvatureProduct, &stepProduct)
                    iterations = 1
                }
                termination = .negativeCurvature
                break
            }
            let alpha = residualSquared / curvature
            BLAS.axpy(alpha, direction, &step)
            BLAS.axpy(alpha, curvatureProduct, &stepProduct)
            BLAS.axpy(-alpha, curvatureProduct, &residual)
            BLAS.axpy(-alpha * damping, direction, &residual)
            iterations += 1
            let next = BLAS.dot(residual, residual)
            if next.squareRoot() <= tolerance {
                termination = .residualTest
                break
            }
            let beta = next / residualSquared
            residualSquared = next
            BLAS.scal(beta, &direction)
            BLAS.axpy(1, residual, &direction)
        }
        evaluations += spent
        let modelChange =
            BLAS.dot(gradient, step) + BLAS.dot(step, stepProduct) / 2
        return Outcome(termination: termination, iterations: iterations, modelChange: modelChange)
    }
}
