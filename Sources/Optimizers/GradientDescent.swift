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
public struct GradientDescent<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "GradientDescent" }
    public static var stateVectorNames: [String] { [] }
    public var settings: FirstOrderSettings<Scalar>

    /// Gradient descent with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01, schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
    }

    /// `w -= gamma_k g`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        var w = update.parameters
        let (g, clip, rate) = (update.gradient, update.clip, update.rate)
        if clip.isScaling {
            BLAS.axpy(-rate * clip.scale, g, &w)
        } else {
            for i in w.indices { w[i] -= rate * clip(g[i]) }
        }
    }
}
