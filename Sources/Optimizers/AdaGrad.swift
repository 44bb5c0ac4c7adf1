import Tensor

/// AdaGrad: every parameter gets its own learning rate, divided by the root
/// of the sum of all its squared gradient components so far.
///
/// ```
/// a_i(k+1) = a_i(k) + g_i(k)^2
/// w_i(k+1) = w_i(k) - gamma_k g_i(k) / (sqrt(a_i(k+1)) + epsilon)
/// ```
///
/// The small constant `epsilon` (Duchi et al.'s `delta`, also in Goodfellow
/// et al.'s algorithm 8.4) keeps a component whose gradient has always been
/// zero from dividing zero by zero. The accumulators only grow, so the effective rates
/// only shrink: the weakness ``RMSProp`` addresses. One fused loop per update.
///
/// References:
/// - J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online
///   learning and stochastic optimization", JMLR 12, 2121-2159, 2011.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.4.
public struct AdaGrad<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// The constant `epsilon > 0` added to the root of the accumulator.
    public var epsilon: Scalar
    /// The value every accumulator starts from, `a_i(0) >= 0`.
    public var initialAccumulator: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var accumulatorStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The sums of squared gradient components `a(k)`, one element per
    /// parameter (empty before the first update).
    public var accumulator: [Scalar] { accumulatorStorage }

    /// AdaGrad with the given options (PyTorch's defaults).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - epsilon: `> 0`; defaults to `1e-10`.
    ///   - initialAccumulator: `a_i(0) >= 0`; defaults to `0`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01,
        epsilon: Scalar = 1e-10,
        initialAccumulator: Scalar = 0,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "AdaGrad: learningRate \(learningRate) < 0")
        require(epsilon > 0, "AdaGrad: epsilon \(epsilon) <= 0")
        require(
            initialAccumulator >= 0, "AdaGrad: initialAccumulator \(initialAccumulator) < 0")
        self.learningRate = learningRate
        self.epsilon = epsilon
        self.initialAccumulator = initialAccumulator
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies `a += g^2`, `w -= gamma_k g / (sqrt(a) + epsilon)` to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count, in: "AdaGrad")
        accumulatorStorage.prepareState(
            count: parameters.count, initial: initialAccumulator, name: "accumulator",
            in: "AdaGrad")
        let rate = currentLearningRate
        let epsilon = epsilon
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                accumulatorStorage.withUnsafeMutableBufferPointer { a in
                    for i in w.indices {
                        let gi = clip(g[i])
                        a[i] += gi * gi
                        w[i] -= rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
                    }
                }
            }
        }
        steps += 1
    }

    /// The step count and the vector `accumulator`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "AdaGrad", stepCount: steps, vectors: ["accumulator": accumulatorStorage])
    }

    /// Restores the step count and the accumulator from an ``AdaGrad`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: "AdaGrad", vectors: ["accumulator"])
        steps = state.stepCount
        accumulatorStorage = vectors[0]
    }
}
