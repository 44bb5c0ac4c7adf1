import Tensor

/// What a ``HessianFree`` run carries from one iteration to the next: the
/// Levenberg-Marquardt damping `lambda` (Martens 2010, section 4.1) and the
/// count of steps rejected in a row. The inner CG solve starts from `p = 0`
/// every iteration, so no vector is remembered; its buffers and the trial
/// point are scratch, not coded.
public struct HessianFreeMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The damping `lambda` of the next solve `(H + lambda I) p = -g`.
    public var damping: Scalar
    /// Steps rejected in a row (0 after an accepted one).
    public var consecutiveRejections: Int
    /// The status the next iteration ends the run with, set by a rejected
    /// iteration after which the run cannot go on (the evaluation budget is
    /// spent, or the rejections reached
    /// ``HessianFree/Options/maximumConsecutiveRejections``): the rejected
    /// iteration itself is complete, so that a callback sees it.
    public var pendingStatus: MinimizationStatus?
    /// The buffers of an iteration, not coded.
    @usableFromInline var scratch = HessianFreeScratch<Scalar>()

    enum CodingKeys: String, CodingKey { case damping, consecutiveRejections, pendingStatus }

    /// The memory of a run that starts with the damping `damping`.
    @inlinable
    public init(damping: Scalar) {
        self.damping = damping
        self.consecutiveRejections = 0
    }

    /// Why this memory cannot belong to a run (a damping that is negative or
    /// not finite, a negative count), or `nil`; it holds no vector, so any
    /// `parameterCount` fits.
    public func problem(parameterCount: Int) -> String? {
        guard damping >= 0, damping.isFinite else {
            return "the damping \(damping) is not a finite non-negative number"
        }
        guard consecutiveRejections >= 0 else {
            return "\(consecutiveRejections) consecutive rejections"
        }
        return nil
    }

    /// The scratch buffers for `n` parameters and the products of
    /// `options`, allocated if they are not yet, taken out of the memory so
    /// that they can be swapped with the state's vectors.
    @inlinable
    mutating func takeScratch(parameterCount n: Int, options: HessianFree<Scalar>.Options)
        -> HessianFreeScratch<Scalar>
    {
        var taken = HessianFreeScratch<Scalar>()
        swap(&taken, &scratch)
        let product = FiniteDifferenceHessianVectorProduct<Scalar>(
            count: 0, scheme: options.scheme, relativeStep: options.relativeStep)
        let solver = taken.solver.product
        if taken.trialPoint.count != n || solver.count != n || solver.scheme != product.scheme
            || solver.relativeStep != product.relativeStep
        {
            taken = HessianFreeScratch(parameterCount: n, options: options)
        }
        return taken
    }
}

/// The buffers of one Hessian-free iteration: the inner solve's and the
/// trial point and gradient of the backtracking.
@usableFromInline
struct HessianFreeScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline var solver: HessianFreeInnerSolve<Scalar>
    @usableFromInline var trialPoint: [Scalar] = []
    @usableFromInline var trialGradient: [Scalar] = []

    @inlinable
    init() {
        solver = HessianFreeInnerSolve(
            count: 0, product: FiniteDifferenceHessianVectorProduct(count: 0))
    }

    @inlinable
    init(parameterCount n: Int, options: HessianFree<Scalar>.Options) {
        solver = HessianFreeInnerSolve(
            count: n,
            product: FiniteDifferenceHessianVectorProduct(
                count: n, scheme: options.scheme, relativeStep: options.relativeStep))
        trialPoint = [Scalar](repeating: 0, count: n)
        trialGradient = trialPoint
    }
}
