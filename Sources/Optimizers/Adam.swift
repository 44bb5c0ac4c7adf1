import RealModule
import Tensor

/// Adam: momentum on the gradient (a running mean `m`) scaled per parameter
/// by the root of a running mean of its square (`v`), both corrected for
/// their start at zero.
///
/// With `t = k + 1` the number of this update (Kingma and Ba, algorithm 1):
///
/// ```
/// m_i(t) = beta1 m_i(t-1) + (1 - beta1) g_i
/// v_i(t) = beta2 v_i(t-1) + (1 - beta2) g_i^2
/// mhat_i = m_i(t) / (1 - beta1^t),     vhat_i = v_i(t) / (1 - beta2^t)
/// w_i    = w_i - gamma_k mhat_i / (sqrt(vhat_i) + epsilon)
/// ```
///
/// Kingma and Ba's section 2 also give the rule with the bias corrections
/// folded into the rate, `gamma(t) = gamma sqrt(1 - beta2^t) / (1 - beta1^t)`
/// and `w_i = w_i - gamma(t) m_i(t) / (sqrt(v_i(t)) + epsilon)`. Folding moves
/// `epsilon` by a factor `sqrt(1 - beta2^t)`; this type follows algorithm 1,
/// as PyTorch and Goodfellow et al.'s algorithm 8.7 (with `rho1 = beta1`,
/// `rho2 = beta2`, `delta = epsilon`) do. Both moments start at zero.
/// One fused loop per update.
///
/// References:
/// - D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization",
///   ICLR 2015 (arXiv:1412.6980), algorithm 1.
public struct Adam<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// The decay `beta1` in `[0, 1)` of the first-moment average.
    public var beta1: Scalar
    /// The decay `beta2` in `[0, 1)` of the second-moment average.
    public var beta2: Scalar
    /// The constant `epsilon > 0` added to the root of the second moment.
    public var epsilon: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var firstMomentStorage: [Scalar] = []
    @usableFromInline var secondMomentStorage: [Scalar] = []

    /// The number of updates applied so far, `t` after the last update.
    public var stepCount: Int { steps }
    /// The running mean of the gradient `m(t)`, before bias correction
    /// (empty before the first update).
    public var firstMoment: [Scalar] { firstMomentStorage }
    /// The running mean of the squared gradient `v(t)`, before bias
    /// correction (empty before the first update).
    public var secondMoment: [Scalar] { secondMomentStorage }

    /// Adam with the given options (the paper's defaults).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.001`.
    ///   - beta1: in `[0, 1)`; defaults to `0.9`.
    ///   - beta2: in `[0, 1)`; defaults to `0.999`.
    ///   - epsilon: `> 0`; defaults to `1e-8`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.001,
        beta1: Scalar = 0.9,
        beta2: Scalar = 0.999,
        epsilon: Scalar = 1e-8,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "Adam: learningRate \(learningRate) < 0")
        require(beta1 >= 0 && beta1 < 1, "Adam: beta1 \(beta1) not in [0, 1)")
        require(beta2 >= 0 && beta2 < 1, "Adam: beta2 \(beta2) not in [0, 1)")
        require(epsilon > 0, "Adam: epsilon \(epsilon) <= 0")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies one bias-corrected Adam step to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(parameterCount: parameters.count, gradientCount: gradient.count, in: "Adam")
        firstMomentStorage.prepareState(count: parameters.count, name: "firstMoment", in: "Adam")
        secondMomentStorage.prepareState(count: parameters.count, name: "secondMoment", in: "Adam")
        let t = steps + 1
        let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
        // gamma / (1 - beta1^t) and 1 / sqrt(1 - beta2^t), once per update.
        let stepSize = currentLearningRate / (1 - Scalar.pow(beta1, t))
        let rootCorrection = 1 / (1 - Scalar.pow(beta2, t)).squareRoot()
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                firstMomentStorage.withUnsafeMutableBufferPointer { m in
                    secondMomentStorage.withUnsafeMutableBufferPointer { v in
                        for i in w.indices {
                            let gi = clip(g[i])
                            m[i] = beta1 * m[i] + (1 - beta1) * gi
                            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                            w[i] -=
                                stepSize * m[i]
                                / (v[i].nonNegativeSquareRoot * rootCorrection + epsilon)
                        }
                    }
                }
            }
        }
        steps = t
    }

    /// The step count and the vectors `firstMoment` and `secondMoment`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "Adam", stepCount: steps,
            vectors: ["firstMoment": firstMomentStorage, "secondMoment": secondMomentStorage])
    }

    /// Restores the step count and both moments from an ``Adam`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: "Adam", vectors: ["firstMoment", "secondMoment"])
        steps = state.stepCount
        firstMomentStorage = vectors[0]
        secondMomentStorage = vectors[1]
    }
}
