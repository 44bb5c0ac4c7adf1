import Tensor

/// The memory of an ``OWLQN`` run: the L-BFGS pairs `s = x+ - x`,
/// `y = g+ - g` of the smooth part, from which the next direction
/// `d = -H v` is built (Andrew & Gao 2007, section 3.2). The pseudo-gradient
/// `v` is not kept: it is a function of the iterate and its gradient.
public struct OWLQNMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The last `m` pairs.
    public var history: LBFGSHistory<Scalar>
    /// Buffers of an iteration, not coded.
    @usableFromInline var scratch: OWLQNScratch<Scalar>?

    enum CodingKeys: String, CodingKey { case history }

    /// The memory that starts with `history`.
    @inlinable
    public init(history: LBFGSHistory<Scalar>) {
        self.history = history
    }

    /// Why the pairs cannot belong to a run on `parameterCount` parameters,
    /// or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        history.problem(parameterCount: n)
    }
}

/// The buffers of one OWL-QN iteration: the penalty with its sorted
/// ranges, the pseudo-gradient, the direction, the pair being formed and
/// the line search's trial point and gradient.
@usableFromInline
struct OWLQNScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline let penalty: L1Penalty<Scalar>
    @usableFromInline var pseudoGradient: [Scalar]
    @usableFromInline var direction: [Scalar]
    @usableFromInline var step: [Scalar]
    @usableFromInline var gradientChange: [Scalar]
    @usableFromInline var trial: [Scalar]
    @usableFromInline var trialGradient: [Scalar]

    /// Buffers for `n` parameters.
    @inlinable
    init(penalty: L1Penalty<Scalar>, parameterCount n: Int) {
        self.penalty = penalty
        pseudoGradient = [Scalar](repeating: 0, count: n)
        direction = pseudoGradient
        step = pseudoGradient
        gradientChange = pseudoGradient
        trial = pseudoGradient
        trialGradient = pseudoGradient
    }
}
