import CVectorMath
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
    /// exact 1 leaves `w` unchanged to the bit). One fused loop, per element
    /// with `g = clip(g_i)`:
    ///
    /// ```
    /// m_i = beta1 * m_i + (1 - beta1) * g
    /// v_i = beta2 * v_i + (1 - beta2) * g * g
    /// w_i = keep * w_i - stepSize * m_i / (sqrt(|v_i|) * rootCorrection + epsilon)
    /// ```
    ///
    /// with `stepSize = gamma_k / (1 - beta1^t)` and
    /// `rootCorrection = 1 / sqrt(1 - beta2^t)`. The loop is CVectorMath's
    /// `perceptron_adam_f32`/`_f64`: the same operations in the same order,
    /// never fused into FMAs, so it gives the bits of this formula as a
    /// Swift loop would, but with AVX2's 8 lanes where the CPU has them
    /// (the Swift compiler targets baseline x86-64's 4): Adam reads and
    /// writes four vectors of every parameter, a large part of a step.
    @inlinable
    func step(_ update: FirstOrderUpdate<Scalar>, keeping keep: Scalar) {
        let (w, g, clip) = (update.parameters, update.gradient, update.clip)
        let (m, v) = (update.state(0), update.state(1))
        let t = update.stepCount + 1
        // gamma / (1 - beta1^t) and 1 / sqrt(1 - beta2^t), once per update.
        let stepSize = update.rate / (1 - Scalar.pow(beta1, t))
        let rootCorrection = 1 / (1 - Scalar.pow(beta2, t)).squareRoot()
        let constants = perceptron_adam_constants(
            beta1: Double(beta1), beta2: Double(beta2), epsilon: Double(epsilon),
            step_size: Double(stepSize), root_correction: Double(rootCorrection),
            keep: Double(keep), clip_scale: Double(clip.scale),
            clip_minimum: Double(clip.minimum), clip_maximum: Double(clip.maximum))
        Scalar.adamUpdate(w, g, m, v, constants)
    }
}

extension BLASScalar {
    /// CVectorMath's Adam loop for this precision (``AdamMoments``).
    @inlinable
    static func adamUpdate(
        _ w: UnsafeMutableBufferPointer<Self>, _ g: UnsafeBufferPointer<Self>,
        _ m: UnsafeMutableBufferPointer<Self>, _ v: UnsafeMutableBufferPointer<Self>,
        _ constants: perceptron_adam_constants
    ) {
        require(
            g.count == w.count && m.count == w.count && v.count == w.count,
            "Adam: \(w.count) parameters, \(g.count) gradient, \(m.count) and \(v.count) moments")
        guard let base = w.baseAddress else { return }
        let count = w.count
        if Self.self == Float.self {
            perceptron_adam_f32(
                UnsafeMutableRawPointer(base).assumingMemoryBound(to: Float.self),
                UnsafeRawPointer(g.baseAddress!).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(m.baseAddress!).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(v.baseAddress!).assumingMemoryBound(to: Float.self),
                count, constants)
        } else {
            require(Self.self == Double.self, "Adam: no kernel for \(Self.self)")
            perceptron_adam_f64(
                UnsafeMutableRawPointer(base).assumingMemoryBound(to: Double.self),
                UnsafeRawPointer(g.baseAddress!).assumingMemoryBound(to: Double.self),
                UnsafeMutableRawPointer(m.baseAddress!).assumingMemoryBound(to: Double.self),
                UnsafeMutableRawPointer(v.baseAddress!).assumingMemoryBound(to: Double.self),
                count, constants)
        }
    }
}
