import Tensor

/// Nesterov's accelerated gradient in its momentum form: the gradient is
/// taken "a little ahead", at the point the velocity is about to carry the
/// parameters to, so the method brakes before a minimum instead of after.
///
/// Sutskever et al. (equations 3-4) and Goodfellow, Bengio and Courville
/// (*Deep Learning*, MIT Press 2016, algorithm 8.3) state it as
///
/// ```
/// v(k+1) = beta v(k) - gamma_k grad L(w(k) + beta v(k))
/// w(k+1) = w(k) + v(k+1)
/// ```
///
/// which needs the gradient at a point other than the current parameters.
/// This type keeps the look-ahead point `u(k) = w(k) + beta v(k)` in the
/// parameter buffer instead (the reformulation of Bengio et al. 2013; the form in
/// Keras and PyTorch), so it is **used with the gradient at the current
/// parameters**, like every other rule here:
///
/// ```
/// v(k+1) = beta v(k) - gamma_k g,        g = grad L(u(k))
/// u(k+1) = u(k) + beta v(k+1) - gamma_k g
/// ```
///
/// The two forms produce the same sequence (`w(k) = u(k) - beta v(k)`); the
/// parameters here differ from the classical iterate by `beta v(k)`, which
/// vanishes as the method converges. With the velocity starting at zero,
/// `u(0) = w(0)`.
///
/// Four BLAS level-1 calls per update; a value-clipped gradient takes one
/// fused loop instead.
///
/// References:
/// - Y. Nesterov, "A method of solving a convex programming problem with
///   convergence rate O(1/k^2)", Soviet Mathematics Doklady 27, 372-376, 1983.
/// - I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
///   initialization and momentum in deep learning", ICML 2013.
/// - Y. Bengio, N. Boulanger-Lewandowski, R. Pascanu, "Advances in
///   optimizing recurrent networks", ICASSP 2013.
public struct NesterovMomentum<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// The momentum coefficient `beta` in `[0, 1)`.
    public var momentum: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var velocityStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The velocity `v(k)`, one element per parameter (empty before the
    /// first update).
    public var velocity: [Scalar] { velocityStorage }

    /// Nesterov momentum with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - momentum: `beta` in `[0, 1)`; defaults to `0.9`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01,
        momentum: Scalar = 0.9,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "NesterovMomentum: learningRate \(learningRate) < 0")
        require(
            momentum >= 0 && momentum < 1, "NesterovMomentum: momentum \(momentum) not in [0, 1)")
        self.learningRate = learningRate
        self.momentum = momentum
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies `v = beta v - gamma_k g`, `u += beta v - gamma_k g` to the
    /// look-ahead point held in `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count,
            in: "NesterovMomentum")
        velocityStorage.prepareState(
            count: parameters.count, name: "velocity", in: "NesterovMomentum")
        let rate = currentLearningRate
        let beta = momentum
        let clip = clipping.transform(for: gradient)
        if clip.isScaling {
            let alpha = -rate * clip.scale
            BLAS.scal(beta, &velocityStorage)
            BLAS.axpy(alpha, gradient, &velocityStorage)
            BLAS.axpy(beta, velocityStorage, &parameters)
            BLAS.axpy(alpha, gradient, &parameters)
        } else {
            gradient.withUnsafeScalars { g in
                parameters.withUnsafeMutableScalars { w in
                    velocityStorage.withUnsafeMutableBufferPointer { v in
                        for i in w.indices {
                            let step = rate * clip(g[i])
                            v[i] = beta * v[i] - step
                            w[i] += beta * v[i] - step
                        }
                    }
                }
            }
        }
        steps += 1
    }

    /// The step count and the vector `velocity`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "NesterovMomentum", stepCount: steps,
            vectors: ["velocity": velocityStorage])
    }

    /// Restores the step count and the velocity from a ``NesterovMomentum``
    /// snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: "NesterovMomentum", vectors: ["velocity"])
        steps = state.stepCount
        velocityStorage = vectors[0]
    }
}
