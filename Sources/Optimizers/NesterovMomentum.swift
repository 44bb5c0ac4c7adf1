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
public struct NesterovMomentum<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "NesterovMomentum" }
    public static var stateVectorNames: [String] { ["velocity"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The momentum coefficient `beta` in `[0, 1)`.
    public var momentum: Scalar

    /// The velocity `v(k)`, one element per parameter (empty before the
    /// first update).
    public var velocity: [Scalar] { stateVector(0) }

    /// Nesterov's method with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - momentum: `beta` in `[0, 1)`; defaults to `0.9`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01, momentum: Scalar = 0.9,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(
            momentum >= 0 && momentum < 1, "NesterovMomentum: momentum \(momentum) not in [0, 1)")
        self.momentum = momentum
    }

    /// `v = beta v - gamma_k g`, `w += beta v - gamma_k g`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        var (w, v) = (update.parameters, update.state(0))
        let (g, clip) = (update.gradient, update.clip)
        let (rate, beta) = (update.rate, momentum)
        if clip.isScaling {
            let alpha = -rate * clip.scale
            BLAS.scal(beta, &v)
            BLAS.axpy(alpha, g, &v)
            BLAS.axpy(beta, v, &w)
            BLAS.axpy(alpha, g, &w)
        } else {
            for i in w.indices {
                let step = rate * clip(g[i])
                v[i] = beta * v[i] - step
                w[i] += beta * v[i] - step
            }
        }
    }
}
