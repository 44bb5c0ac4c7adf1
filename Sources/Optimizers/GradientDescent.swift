import Tensor

/// Gradient descent: a step against the gradient, scaled by the learning rate.
///
/// ```
/// w(k+1) = w(k) - gamma_k g(k),    g(k) = grad L(w(k))
/// ```
///
/// One `?axpy` call per update (a value-clipped gradient takes a plain loop
/// instead). On the ill-conditioned bowl `L = (a x^2 + b y^2) / 2`, `a << b`,
/// the step must stay below `2 / b` to converge, which makes progress along
/// `x` slow: the zig-zag of steepest descent on ill-conditioned problems
/// (Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press 2016,
/// section 4.3.1; Nocedal and Wright, *Numerical Optimization*, 2nd ed.,
/// Springer 2006, section 3.3).
///
/// References:
/// - A. Cauchy, "Méthode générale pour la résolution des systèmes
///   d'équations simultanées", C. R. Acad. Sci. Paris 25 (1847), 536-538.
public struct GradientDescent<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The initial learning rate `gamma_0`.
    public var learningRate: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0

    /// The number of updates applied so far.
    public var stepCount: Int { steps }

    /// Gradient descent with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "GradientDescent: learningRate \(learningRate) < 0")
        self.learningRate = learningRate
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies `w -= gamma_k g` to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count,
            in: "GradientDescent")
        let rate = currentLearningRate
        let clip = clipping.transform(for: gradient)
        if clip.isScaling {
            BLAS.axpy(-rate * clip.scale, gradient, &parameters)
        } else {
            gradient.withUnsafeScalars { g in
                parameters.withUnsafeMutableScalars { w in
                    for i in w.indices { w[i] -= rate * clip(g[i]) }
                }
            }
        }
        steps += 1
    }

    /// The step count (gradient descent keeps no vectors).
    public var state: OptimizerState<Scalar> {
        OptimizerState(optimizer: "GradientDescent", stepCount: steps)
    }

    /// Restores the step count from a ``GradientDescent`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        _ = try state.checked(for: "GradientDescent", vectors: [])
        steps = state.stepCount
    }
}
