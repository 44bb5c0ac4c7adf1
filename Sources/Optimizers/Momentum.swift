import Tensor

/// The momentum (heavy ball) method: the step is a velocity that
/// accumulates past gradients with exponentially decaying weights.
///
/// ```
/// v(k+1) = beta v(k) - gamma_k g(k)
/// w(k+1) = w(k) + v(k+1)
/// ```
///
/// so that `w(k+1) = w(k) - gamma sum_{i=0..k} beta^i g(k-i)` for a constant
/// rate: the method remembers the whole history and forgets older steps
/// geometrically. (The new velocity `v(k+1)` is applied, as in Goodfellow et
/// al., algorithm 8.2, and Sutskever et al., equations 1-2. The velocity is
/// kept in units of parameters, so a changing learning rate affects only new
/// gradients.)
///
/// Three BLAS level-1 calls per update (`?scal`, `?axpy`, `?axpy`); a
/// value-clipped gradient takes one fused loop instead. The velocity starts
/// at zero.
///
/// References:
/// - B. T. Polyak, "Some methods of speeding up the convergence of iteration
///   methods", USSR Computational Mathematics and Mathematical Physics 4(5),
///   1-17, 1964.
/// - D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations
///   by back-propagating errors", Nature 323, 533-536, 1986.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.2.
/// - I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
///   initialization and momentum in deep learning", ICML 2013.
public struct Momentum<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
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

    /// The momentum method with the given options.
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
        require(learningRate >= 0, "Momentum: learningRate \(learningRate) < 0")
        require(momentum >= 0 && momentum < 1, "Momentum: momentum \(momentum) not in [0, 1)")
        self.learningRate = learningRate
        self.momentum = momentum
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies `v = beta v - gamma_k g`, `w += v` to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count, in: "Momentum")
        velocityStorage.prepareState(count: parameters.count, name: "velocity", in: "Momentum")
        let rate = currentLearningRate
        let beta = momentum
        let clip = clipping.transform(for: gradient)
        if clip.isScaling {
            BLAS.scal(beta, &velocityStorage)
            BLAS.axpy(-rate * clip.scale, gradient, &velocityStorage)
            BLAS.axpy(1, velocityStorage, &parameters)
        } else {
            gradient.withUnsafeScalars { g in
                parameters.withUnsafeMutableScalars { w in
                    velocityStorage.withUnsafeMutableBufferPointer { v in
                        for i in w.indices {
                            v[i] = beta * v[i] - rate * clip(g[i])
                            w[i] += v[i]
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
            optimizer: "Momentum", stepCount: steps, vectors: ["velocity": velocityStorage])
    }

    /// Restores the step count and the velocity from a ``Momentum`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: "Momentum", vectors: ["velocity"])
        steps = state.stepCount
        velocityStorage = vectors[0]
    }
}
