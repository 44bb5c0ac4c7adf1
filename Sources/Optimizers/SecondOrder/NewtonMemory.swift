import Tensor

/// What a ``Newton`` run carries from one iteration to the next: the
/// ``SaddleReport``s of the iterates whose Hessian was not positive
/// definite, and whether the last step was taken at negative curvature
/// (which keeps the relative-decrease test from declaring convergence near a
/// saddle). The Hessian, its factorization and the trial buffers are
/// recomputed every iteration: scratch, not coded.
public struct NewtonMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The iterates whose Hessian was not positive definite, oldest first,
    /// with its eigenvalues (empty while every Hessian was).
    public var saddleReports: [SaddleReport<Scalar>]
    /// Whether the last iteration's Hessian had an eigenvalue below
    /// `-delta` (see ``Newton``).
    public var steppedAtNegativeCurvature: Bool
    /// The buffers of an iteration, not coded.
    @usableFromInline var scratch = NewtonScratch<Scalar>()

    enum CodingKeys: String, CodingKey { case saddleReports, steppedAtNegativeCurvature }

    /// The memory of a run that has seen no saddle.
    @inlinable
    public init(saddleReports: [SaddleReport<Scalar>] = []) {
        self.saddleReports = saddleReports
        self.steppedAtNegativeCurvature = false
    }

    /// Why this memory cannot belong to a run on `n` parameters (a report
    /// whose point or spectrum does not have `n` values, an iteration below
    /// 1), or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        for (index, report) in saddleReports.enumerated() {
            guard report.parameters.count == n, report.eigenvalues.count == n else {
                return
                    "saddle report \(index) has \(report.parameters.count) parameters and \(report.eigenvalues.count) eigenvalues for \(n) parameters"
            }
            guard report.iteration >= 1 else {
                return "saddle report \(index) is of iteration \(report.iteration)"
            }
        }
        return nil
    }

    /// The scratch buffers for `n` parameters and the difference step
    /// `relativeStep`, allocated if they are not yet, taken out of the
    /// memory so that they can be swapped with the state's vectors.
    @inlinable
    mutating func takeScratch(parameterCount n: Int, relativeStep: Scalar?)
        -> NewtonScratch<Scalar>
    {
        var taken = NewtonScratch<Scalar>()
        swap(&taken, &scratch)
        let wanted = relativeStep ?? FiniteDifferenceHessian<Scalar>(count: 0).relativeStep
        if taken.step.count != n || taken.hessian.count != n
            || taken.hessian.relativeStep != wanted
        {
            taken = NewtonScratch(parameterCount: n, relativeStep: relativeStep)
        }
        return taken
    }
}

/// The buffers of one Newton iteration: the finite-difference Hessian, the
/// step and the trial point and gradient of the backtracking.
@usableFromInline
struct NewtonScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline var hessian = FiniteDifferenceHessian<Scalar>(count: 0)
    @usableFromInline var step: [Scalar] = []
    @usableFromInline var trialPoint: [Scalar] = []
    @usableFromInline var trialGradient: [Scalar] = []

    @inlinable init() {}

    @inlinable
    init(parameterCount n: Int, relativeStep: Scalar?) {
        hessian = FiniteDifferenceHessian(count: n, relativeStep: relativeStep)
        step = [Scalar](repeating: 0, count: n)
        trialPoint = step
        trialGradient = step
    }
}
