import Tensor

/// AdaGrad: every parameter gets its own learning rate, divided by the root
/// of the sum of all its squared gradient components so far.
///
/// ```
/// a_i(k+1) = a_i(k) + g_i(k)^2
/// w_i(k+1) = w_i(k) - gamma_k g_i(k) / (sqrt(a_i(k+1)) + epsilon)
/// ```
///
/// The small constant `epsilon` (Duchi et al.'s `delta`, also in Goodfellow
/// et al.'s algorithm 8.4) keeps a component whose gradient has always been
/// zero from dividing zero by zero. The accumulators only grow, so the effective rates
/// only shrink: the weakness ``RMSProp`` addresses. One fused loop per update.
///
/// References:
/// - J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online
///   learning and stochastic optimization", JMLR 12, 2121-2159, 2011.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.4.
public struct AdaGrad<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "AdaGrad" }
    public static var stateVectorNames: [String] { ["accumulator"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The constant `epsilon > 0` added to the root of the accumulator.
    public var epsilon: Scalar
    /// The value `a_i(0) >= 0` every accumulator starts from.
    public var initialAccumulator: Scalar

    /// The accumulated squared gradient components `a(k)`, one element per
    /// parameter (empty before the first update).
    public var accumulator: [Scalar] { stateVector(0) }

    /// AdaGrad with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - epsilon: `> 0`; defaults to `1e-10`.
    ///   - initialAccumulator: `a_i(0) >= 0`; defaults to `0`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01, epsilon: Scalar = 1e-10, initialAccumulator: Scalar = 0,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(epsilon > 0, "AdaGrad: epsilon \(epsilon) <= 0")
        require(
            initialAccumulator >= 0, "AdaGrad: initialAccumulator \(initialAccumulator) < 0")
        self.epsilon = epsilon
        self.initialAccumulator = initialAccumulator
    }

    /// The accumulator starts at ``initialAccumulator``.
    public func initialValue(ofStateVector index: Int) -> Scalar { initialAccumulator }

    /// `a += g^2`, `w -= gamma_k g / (sqrt(a) + epsilon)`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, a, clip) = (update.parameters, update.gradient, update.state(0), update.clip)
        let (rate, epsilon) = (update.rate, epsilon)
        for i in w.indices {
            let gi = clip(g[i])
            a[i] += gi * gi
            w[i] -= rate * gi / (a[i].nonNegativeSquareRoot + epsilon)
        }
    }
}
