import Tensor

/// AdamW: Adam with decoupled weight decay. The weights shrink by
/// `gamma_k lambda` of themselves at each update, beside Adam's step,
/// instead of `lambda w` being added to the gradient, where Adam's
/// per-parameter scaling would weaken it exactly for the weights with large
/// gradients (Loshchilov and Hutter, section 2):
///
/// ```
/// m, v, mhat, vhat as in Adam (t = k + 1)
/// w_i = (1 - gamma_k lambda) w_i - gamma_k mhat_i / (sqrt(vhat_i) + epsilon)
/// ```
///
/// The decay is scaled by the learning rate `gamma_k` (with its schedule),
/// as PyTorch's and Keras's `AdamW` do; the paper's algorithm 2 writes
/// `eta_t lambda` with `eta_t` the schedule's multiplier alone, so its
/// `lambda` is this one times `gamma_0`. With `lambda = 0` the update is
/// Adam's to the bit. Decay applies to every parameter given, biases
/// included (PyTorch's default for a parameter group).
///
/// References:
/// - I. Loshchilov, F. Hutter, "Decoupled weight decay regularization",
///   ICLR 2019 (arXiv:1711.05101), algorithm 2.
/// - D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization",
///   ICLR 2015, algorithm 1.
public struct AdamW<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "AdamW" }
    public static var stateVectorNames: [String] { Adam<Scalar>.stateVectorNames }
    public var settings: FirstOrderSettings<Scalar>
    /// The decays `beta1`, `beta2` and the constant `epsilon`, as Adam's.
    public var moments: AdamMoments<Scalar>
    /// The decay `lambda >= 0`: each update shrinks the weights by
    /// `gamma_k lambda` of themselves.
    public var weightDecay: Scalar

    /// AdamW with the given options (PyTorch's defaults).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.001`.
    ///   - weightDecay: `lambda >= 0`; defaults to `0.01`.
    ///   - beta1: in `[0, 1)`; defaults to `0.9`.
    ///   - beta2: in `[0, 1)`; defaults to `0.999`.
    ///   - epsilon: `> 0`; defaults to `1e-8`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.001, weightDecay: Scalar = 0.01, beta1: Scalar = 0.9,
        beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        moments = AdamMoments(Self.name, beta1: beta1, beta2: beta2, epsilon: epsilon)
        require(weightDecay >= 0, "AdamW: weightDecay \(weightDecay) < 0")
        self.weightDecay = weightDecay
    }

    /// Adam's step on weights shrunk by `1 - gamma_k lambda`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        moments.step(update, keeping: 1 - update.rate * weightDecay)
    }
}
