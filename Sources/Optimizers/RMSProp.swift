import Tensor

/// RMSProp: AdaGrad with an exponentially decaying average of the squared
/// gradient components in place of their sum, so that old gradients are
/// forgotten and the rates stop shrinking for good.
///
/// ```
/// a_i(k+1) = rho a_i(k) + (1 - rho) g_i(k)^2
/// w_i(k+1) = w_i(k) - gamma_k g_i(k) / (sqrt(a_i(k+1)) + epsilon)
/// ```
///
/// The constant `epsilon` keeps a component with a zero gradient history
/// from dividing zero by zero (PyTorch's placement, outside the root). The
/// average starts at zero. One fused loop per update.
///
/// References:
/// - T. Tieleman, G. Hinton, "RMSProp: Divide the gradient by a running
///   average of its recent magnitude", COURSERA: Neural Networks for Machine
///   Learning 4(2), 2012.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.5.
public struct RMSProp<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// The decay `rho` in `[0, 1)` of the average of squared gradients.
    public var rho: Scalar
    /// The constant `epsilon > 0` added to the root of the average.
    public var epsilon: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var meanSquareStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The running averages of squared gradient components `a(k)`, one
    /// element per parameter (empty before the first update).
    public var meanSquare: [Scalar] { meanSquareStorage }

    /// RMSProp with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.001`.
    ///   - rho: in `[0, 1)`; defaults to `0.9` (Hinton's value).
    ///   - epsilon: `> 0`; defaults to `1e-8`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.001,
        rho: Scalar = 0.9,
        epsilon: Scalar = 1e-8,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "RMSProp: learningRate \(learningRate) < 0")
        require(rho >= 0 && rho < 1, "RMSProp: rho \(rho) not in [0, 1)")
        require(epsilon > 0, "RMSProp: epsilon \(epsilon) <= 0")
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies `a = rho a + (1 - rho) g^2`, `w -= gamma_k g / (sqrt(a) + epsilon)`
    /// to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count, in: "RMSProp")
        meanSquareStorage.prepareState(count: parameters.count, name: "meanSquare", in: "RMSProp")
        let rate = currentLearningRate
        let (rho, epsilon) = (rho, epsilon)
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                meanSquareStorage.withUnsafeMutableBufferPointer { a in
                    for i in w.indices {
                        let gi = clip(g[i])
                        a[i] = rho * a[i] + (1 - rho) * gi * gi
                        w[i] -= rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
                    }
                }
            }
        }
        steps += 1
    }

    /// The step count and the vector `meanSquare`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "RMSProp", stepCount: steps, vectors: ["meanSquare": meanSquareStorage])
    }

    /// Restores the step count and the average from an ``RMSProp`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: "RMSProp", vectors: ["meanSquare"])
        steps = state.stepCount
        meanSquareStorage = vectors[0]
    }
}
