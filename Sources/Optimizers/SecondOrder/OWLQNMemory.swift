import Tensor

/// The memory of an ``OWLQN`` run: the L-BFGS pairs `s = x+ - x`,
/// `y = g+ - g` of the smooth part, from which the next direction
/// `d = -H v` is built (Andrew & Gao 2007, section 3.2). The pseudo-gradient
/// `v` is not kept: it is a function of the iterate and its gradient.
public struct OWLQNMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The last `m` pairs.
    public var history: LBFGSHistory<Scalar>
    /// Buffers of an iteration, not coded.
    var scratch: OWLQNScratch<Scalar>?

    enum CodingKeys: String, CodingKey { case history }

    /// The memory that starts with `history`.
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
struct OWLQNScratch<Scalar: BLASScalar>: Sendable {
    let penalty: L1Penalty<Scalar>
    var pseudoGradient: [Scalar]
    var direction: [Scalar]
    var step: [Scalar]
    var gradientChange: [Scalar]
    var trial: [Scalar]
    var trialGradient: [Scalar]

    /// Buffers for `n` parameters.
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
