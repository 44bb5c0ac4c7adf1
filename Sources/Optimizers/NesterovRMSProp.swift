import Tensor

/// RMSProp combined with Nesterov momentum: the per-parameter scaling of
/// ``RMSProp`` applied to the velocity of ``NesterovMomentum``.
///
/// Goodfellow et al., algorithm 8.6, take one gradient per step at the
/// look-ahead point `w + beta v` and feed it to both the average and the
/// velocity:
///
/// ```
/// g        = grad L(w(k) + beta v(k))
/// a_i(k+1) = rho a_i(k) + (1 - rho) g_i^2
/// v_i(k+1) = beta v_i(k) - gamma_k g_i / (sqrt(a_i(k+1)) + epsilon)
/// w(k+1)   = w(k) + v(k+1)
/// ```
///
/// (Feeding the average the gradient at `w` instead would cost two gradients
/// a step. `epsilon` is added as in ``RMSProp``.)
///
/// As in ``NesterovMomentum``, the parameter buffer holds the look-ahead
/// point `u(k) = w(k) + beta v(k)`, so the rule is **used with the gradient
/// at the current parameters**:
///
/// ```
/// a_i = rho a_i + (1 - rho) g_i^2,           g = grad L(u(k))
/// s_i = gamma_k g_i / (sqrt(a_i) + epsilon)
/// v_i = beta v_i - s_i
/// u_i = u_i + beta v_i - s_i
/// ```
///
/// The average and the velocity start at zero. One fused loop per update.
///
/// References:
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.6.
/// - T. Tieleman, G. Hinton, "RMSProp: Divide the gradient by a running
///   average of its recent magnitude", COURSERA: Neural Networks for Machine
///   Learning 4(2), 2012.
/// - I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
///   initialization and momentum in deep learning", ICML 2013.
public struct NesterovRMSProp<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// The decay `rho` in `[0, 1)` of the average of squared gradients.
    public var rho: Scalar
    /// The momentum coefficient `beta` in `[0, 1)`.
    public var momentum: Scalar
    /// The constant `epsilon > 0` added to the root of the average.
    public var epsilon: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var meanSquareStorage: [Scalar] = []
    @usableFromInline var velocityStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The running averages of squared gradient components `a(k)` (empty
    /// before the first update).
    public var meanSquare: [Scalar] { meanSquareStorage }
    /// The velocity `v(k)` (empty before the first update).
    public var velocity: [Scalar] { velocityStorage }

    /// RMSProp with Nesterov momentum and the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.001`.
    ///   - rho: in `[0, 1)`; defaults to `0.9`.
    ///   - momentum: `beta` in `[0, 1)`; defaults to `0.9`.
    ///   - epsilon: `> 0`; defaults to `1e-8`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.001,
        rho: Scalar = 0.9,
        momentum: Scalar = 0.9,
        epsilon: Scalar = 1e-8,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "NesterovRMSProp: learningRate \(learningRate) < 0")
        require(rho >= 0 && rho < 1, "NesterovRMSProp: rho \(rho) not in [0, 1)")
        require(
            momentum >= 0 && momentum < 1, "NesterovRMSProp: momentum \(momentum) not in [0, 1)")
        require(epsilon > 0, "NesterovRMSProp: epsilon \(epsilon) <= 0")
        self.learningRate = learningRate
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies one step of the rule to the look-ahead point in `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count,
            in: "NesterovRMSProp")
        meanSquareStorage.prepareState(
            count: parameters.count, name: "meanSquare", in: "NesterovRMSProp")
        velocityStorage.prepareState(
            count: parameters.count, name: "velocity", in: "NesterovRMSProp")
        let rate = currentLearningRate
        let (rho, beta, epsilon) = (rho, momentum, epsilon)
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                meanSquareStorage.withUnsafeMutableBufferPointer { a in
                    velocityStorage.withUnsafeMutableBufferPointer { v in
                        for i in w.indices {
                            let gi = clip(g[i])
                            a[i] = rho * a[i] + (1 - rho) * gi * gi
                            let step = rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
                            v[i] = beta * v[i] - step
                            w[i] += beta * v[i] - step
                        }
                    }
                }
            }
        }
        steps += 1
    }

    /// The step count and the vectors `meanSquare` and `velocity`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "NesterovRMSProp", stepCount: steps,
            vectors: ["meanSquare": meanSquareStorage, "velocity": velocityStorage])
    }

    /// Restores the step count, the average and the velocity from a
    /// ``NesterovRMSProp`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(
            for: "NesterovRMSProp", vectors: ["meanSquare", "velocity"])
        steps = state.stepCount
        meanSquareStorage = vectors[0]
        velocityStorage = vectors[1]
    }
}
