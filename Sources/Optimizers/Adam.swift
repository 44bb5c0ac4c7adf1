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
public struct Adam<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "Adam" }
    public static var stateVectorNames: [String] { ["firstMoment", "secondMoment"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The decays `beta1`, `beta2` and the constant `epsilon`.
    public var moments: AdamMoments<Scalar>

    /// The decay `beta1` in `[0, 1)` of the first-moment average.
    public var beta1: Scalar {
        get { moments.beta1 }
        set { moments.beta1 = newValue }
    }
    /// The decay `beta2` in `[0, 1)` of the second-moment average.
    public var beta2: Scalar {
        get { moments.beta2 }
        set { moments.beta2 = newValue }
    }
    /// The constant `epsilon > 0` added to the root of the second moment.
    public var epsilon: Scalar {
        get { moments.epsilon }
        set { moments.epsilon = newValue }
    }
    /// The running mean of the gradient `m(t)`, before bias correction
    /// (empty before the first update).
    public var firstMoment: [Scalar] { stateVector(0) }
    /// The running mean of the squared gradient `v(t)`, before bias
    /// correction (empty before the first update).
    public var secondMoment: [Scalar] { stateVector(1) }

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
        learningRate: Scalar = 0.001, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
        epsilon: Scalar = 1e-8, schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        moments = AdamMoments(Self.name, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// The bias-corrected Adam step of algorithm 1.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        moments.step(update, keeping: 1)
    }
}

/// The moment estimates Adam and ``AdamW`` share: their decays, and the
/// bias-corrected step along them (Kingma and Ba, algorithm 1).
public struct AdamMoments<Scalar: BLASScalar>: Sendable {
    /// The decay `beta1` in `[0, 1)` of the first-moment average.
    public var beta1: Scalar
    /// The decay `beta2` in `[0, 1)` of the second-moment average.
    public var beta2: Scalar
    /// The constant `epsilon > 0` added to the root of the second moment.
    public var epsilon: Scalar

    /// The decays and constant of rule `rule` (named in messages).
    public init(_ rule: String, beta1: Scalar, beta2: Scalar, epsilon: Scalar) {
        require(beta1 >= 0 && beta1 < 1, "\(rule): beta1 \(beta1) not in [0, 1)")
        require(beta2 >= 0 && beta2 < 1, "\(rule): beta2 \(beta2) not in [0, 1)")
        require(epsilon > 0, "\(rule): epsilon \(epsilon) <= 0")
        (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
    }

    /// With `t = k + 1`, state vectors `m` (0) and `v` (1):
    /// `m = beta1 m + (1 - beta1) g`, `v = beta2 v + (1 - beta2) g^2`, then
    /// `w = keep w - gamma_k mhat / (sqrt(vhat) + epsilon)`: `keep` is 1
    /// for Adam and `1 - gamma_k lambda` for AdamW's decoupled decay (an
    /// exact 1 leaves `w` unchanged to the bit). One fused loop.
    @inlinable
    func step(_ update: FirstOrderUpdate<Scalar>, keeping keep: Scalar) {
        let (w, g, clip) = (update.parameters, update.gradient, update.clip)
        let (m, v) = (update.state(0), update.state(1))
        let t = update.stepCount + 1
        let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
        // gamma / (1 - beta1^t) and 1 / sqrt(1 - beta2^t), once per update.
        let stepSize = update.rate / (1 - Scalar.pow(beta1, t))
        let rootCorrection = 1 / (1 - Scalar.pow(beta2, t)).squareRoot()
        for i in w.indices {
            let gi = clip(g[i])
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
            w[i] =
                keep * w[i] - stepSize * m[i]
                / (v[i].nonNegativeSquareRoot * rootCorrection + epsilon)
        }
    }
}
