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
public struct RMSProp<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "RMSProp" }
    public static var stateVectorNames: [String] { ["meanSquare"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The decay `rho` in `[0, 1)` of the average of squared gradients.
    public var rho: Scalar
    /// The constant `epsilon > 0` added to the root of the average.
    public var epsilon: Scalar

    /// The running averages of squared gradient components `a(k)`, one
    /// element per parameter (empty before the first update).
    public var meanSquare: [Scalar] { stateVector(0) }

    /// RMSProp with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.001`.
    ///   - rho: in `[0, 1)`; defaults to `0.9` (Hinton's value).
    ///   - epsilon: `> 0`; defaults to `1e-8`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.001, rho: Scalar = 0.9, epsilon: Scalar = 1e-8,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(rho >= 0 && rho < 1, "RMSProp: rho \(rho) not in [0, 1)")
        require(epsilon > 0, "RMSProp: epsilon \(epsilon) <= 0")
        (self.rho, self.epsilon) = (rho, epsilon)
    }

    /// `a = rho a + (1 - rho) g^2`, `w -= gamma_k g / (sqrt(a) + epsilon)`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, a, clip) = (update.parameters, update.gradient, update.state(0), update.clip)
        let (rate, rho, epsilon) = (update.rate, rho, epsilon)
        for i in w.indices {
            let gi = clip(g[i])
            a[i] = rho * a[i] + (1 - rho) * gi * gi
            w[i] -= rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
        }
    }
}
