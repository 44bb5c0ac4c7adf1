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
public struct NesterovRMSProp<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "NesterovRMSProp" }
    public static var stateVectorNames: [String] { ["meanSquare", "velocity"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The decay `rho` in `[0, 1)` of the average of squared gradients.
    public var rho: Scalar
    /// The momentum coefficient `beta` in `[0, 1)`.
    public var momentum: Scalar
    /// The constant `epsilon > 0` added to the root of the average.
    public var epsilon: Scalar

    /// The running averages of squared gradient components `a(k)` (empty
    /// before the first update).
    public var meanSquare: [Scalar] { stateVector(0) }
    /// The velocity `v(k)` (empty before the first update).
    public var velocity: [Scalar] { stateVector(1) }

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
        learningRate: Scalar = 0.001, rho: Scalar = 0.9, momentum: Scalar = 0.9,
        epsilon: Scalar = 1e-8, schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(rho >= 0 && rho < 1, "NesterovRMSProp: rho \(rho) not in [0, 1)")
        require(
            momentum >= 0 && momentum < 1, "NesterovRMSProp: momentum \(momentum) not in [0, 1)")
        require(epsilon > 0, "NesterovRMSProp: epsilon \(epsilon) <= 0")
        (self.rho, self.momentum, self.epsilon) = (rho, momentum, epsilon)
    }

    /// `a = rho a + (1 - rho) g^2`, `s = gamma_k g / (sqrt(a) + epsilon)`,
    /// `v = beta v - s`, `w += beta v - s`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, clip) = (update.parameters, update.gradient, update.clip)
        let (a, v) = (update.state(0), update.state(1))
        let (rate, rho, beta, epsilon) = (update.rate, rho, momentum, epsilon)
        for i in w.indices {
            let gi = clip(g[i])
            a[i] = rho * a[i] + (1 - rho) * gi * gi
            let step = rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
            v[i] = beta * v[i] - step
            w[i] += beta * v[i] - step
        }
    }
}
