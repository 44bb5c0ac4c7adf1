import Tensor

/// The memory of a ``TrustRegionNewtonCG`` run: the trust-region radius
/// `Delta` the next subproblem is solved in (Nocedal & Wright 2006,
/// algorithm 4.1). The Steihaug-Toint solver starts from `p = 0` every
/// iteration, so nothing else carries over.
public struct TrustRegionMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The radius `Delta > 0`.
    public var radius: Scalar
    /// Whether the last trial's value and gradient were finite: read by
    /// the convergence test right after the iteration, so not coded.
    @usableFromInline var lastTrialWasFinite = true
    /// Buffers of an iteration, not coded.
    @usableFromInline var scratch: TrustRegionScratch<Scalar>?

    enum CodingKeys: String, CodingKey { case radius }

    /// The memory of a run whose next radius is `radius`.
    @inlinable
    public init(radius: Scalar) {
        self.radius = radius
    }

    /// `nil` when the radius is positive and finite; the radius does not
    /// depend on the number of parameters.
    public func problem(parameterCount: Int) -> String? {
        radius.isFinite && radius > 0 ? nil : "the trust-region radius \(radius) is not positive"
    }
}

/// The buffers of one trust-region iteration: the trial point and its
/// gradient, the Steihaug-Toint solver, and the finite-difference products
/// when the objective has no exact ones.
@usableFromInline
struct TrustRegionScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline var trialPoint: [Scalar]
    @usableFromInline var trialGradient: [Scalar]
    @usableFromInline var solver: SteihaugConjugateGradient<Scalar>
    @usableFromInline var differences: FiniteDifferenceHessianVectorProduct<Scalar>

    @inlinable
    init(
        parameterCount n: Int, scheme: FiniteDifferenceHessianVectorProduct<Scalar>.Scheme,
        relativeStep: Scalar?
    ) {
        trialPoint = [Scalar](repeating: 0, count: n)
        trialGradient = trialPoint
        solver = SteihaugConjugateGradient(count: n)
        differences = FiniteDifferenceHessianVectorProduct(
            count: n, scheme: scheme, relativeStep: relativeStep)
    }
}
