import Tensor

/// An iterate of ``Newton`` where the Hessian was not positive definite: the
/// Cholesky factorization failed, and the symmetric eigendecomposition
/// showed its spectrum. Negative eigenvalues are directions of negative
/// curvature; near a stationary point they mark saddle points, where plain
/// Newton would be attracted to a maximum or a saddle instead of a minimum
/// (Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press 2016,
/// section 8.2.3; Nocedal and Wright, *Numerical Optimization*, 2nd ed.,
/// Springer 2006, section 3.4).
///
/// `Codable`, as part of a saved ``NewtonMemory``; its vectors are
/// ``StoredAsTensor``.
public struct SaddleReport<Scalar: BLASScalar>: Codable, Sendable {
    /// The iteration (from 1) whose Hessian this was.
    public var iteration: Int
    /// The point `w`.
    @StoredAsTensor public var parameters: [Scalar]
    /// `f(w)`.
    public var value: Scalar
    /// `||grad f(w)||`.
    public var gradientNorm: Scalar
    /// All eigenvalues of the (finite-difference, symmetrized) Hessian, ascending.
    @StoredAsTensor public var eigenvalues: [Scalar]
    /// The shift `tau` of the modified Newton step `(H + tau I) p = -g`.
    public var shift: Scalar

    /// A report from its parts.
    public init(
        iteration: Int, parameters: [Scalar], value: Scalar, gradientNorm: Scalar,
        eigenvalues: [Scalar], shift: Scalar
    ) {
        self.iteration = iteration
        self.parameters = parameters
        self.value = value
        self.gradientNorm = gradientNorm
        self.eigenvalues = eigenvalues
        self.shift = shift
    }

    /// The negative eigenvalues, ascending.
    public var negativeEigenvalues: [Scalar] { eigenvalues.filter { $0 < 0 } }
    /// The smallest eigenvalue `lambda_min`.
    public var smallestEigenvalue: Scalar { eigenvalues.first ?? 0 }
}
