import Tensor

/// Delta-bar-delta: a learning rate per parameter that grows while the
/// gradient component keeps its sign and shrinks when the sign flips, the
/// sign of an oscillation across a valley.
///
/// With `gbar` an exponential average of past gradient components, each
/// update first adapts the rates, then steps, then updates the average:
///
/// ```
/// eta_i(k+1) = eta_i(k) + kappa        if gbar_i(k-1) g_i(k) > 0
///            = (1 - phi) eta_i(k)      if gbar_i(k-1) g_i(k) < 0
///            = eta_i(k)                otherwise
/// w_i(k+1)   = w_i(k) - m(k) eta_i(k+1) g_i(k)
/// gbar_i(k)  = (1 - theta) g_i(k) + theta gbar_i(k-1)
/// ```
///
/// Every rate starts at `learningRate` and the average at zero (so the first
/// update is plain gradient descent). The increase is additive and the
/// decrease multiplicative, as in Jacobs's paper, so rates rise slowly and
/// fall fast. `m(k)` is the ``schedule``'s multiplier, applied on top of the
/// adapted rates. Jacobs tuned `kappa`, `phi` and `theta` per task; the
/// defaults are moderate values for a base rate of `0.01`. One fused loop
/// per update.
///
/// References:
/// - R. A. Jacobs, "Increased rates of convergence through learning rate
///   adaptation", Neural Networks 1(4), 295-307, 1988.
public struct DeltaBarDelta<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "DeltaBarDelta" }
    public static var stateVectorNames: [String] { ["rates", "averageGradient"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The additive increase `kappa >= 0` of a rate whose gradient keeps its sign.
    public var increment: Scalar
    /// The fraction `phi` in `[0, 1]` a rate loses when its gradient flips sign.
    public var decrementFactor: Scalar
    /// The weight `theta` in `[0, 1)` of the past in the gradient average.
    public var smoothing: Scalar

    /// The per-parameter learning rates `eta(k)` (empty before the first update).
    public var rates: [Scalar] { stateVector(0) }
    /// The exponential average of past gradients `gbar(k-1)` (empty before
    /// the first update).
    public var averageGradient: [Scalar] { stateVector(1) }

    /// Delta-bar-delta with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: the rate `eta_i(0) >= 0` every parameter starts
    ///     with; defaults to `0.01`.
    ///   - increment: `kappa >= 0`; defaults to `0.001`.
    ///   - decrementFactor: `phi` in `[0, 1]`; defaults to `0.1`.
    ///   - smoothing: `theta` in `[0, 1)`; defaults to `0.7`.
    ///   - schedule: scales the adapted rates; defaults to
    ///     ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01, increment: Scalar = 0.001, decrementFactor: Scalar = 0.1,
        smoothing: Scalar = 0.7, schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(increment >= 0, "DeltaBarDelta: increment \(increment) < 0")
        require(
            decrementFactor >= 0 && decrementFactor <= 1,
            "DeltaBarDelta: decrementFactor \(decrementFactor) not in [0, 1]")
        require(
            smoothing >= 0 && smoothing < 1, "DeltaBarDelta: smoothing \(smoothing) not in [0, 1)")
        (self.increment, self.decrementFactor, self.smoothing) =
            (increment, decrementFactor, smoothing)
    }

    /// Every rate starts at the learning rate; the average at zero.
    public func initialValue(ofStateVector index: Int) -> Scalar { index == 0 ? learningRate : 0 }

    /// Adapts each rate by the sign agreement of `g` with `gbar`, then
    /// `w -= multiplier_k eta g` and `gbar = (1 - theta) g + theta gbar`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, clip) = (update.parameters, update.gradient, update.clip)
        let (eta, bar) = (update.state(0), update.state(1))
        let multiplier = schedule.multiplier(atStep: update.stepCount)
        let (kappa, keep, theta) = (increment, 1 - decrementFactor, smoothing)
        for i in w.indices {
            let gi = clip(g[i])
            // Selects rather than branches, so the loop vectorizes.
            let agreement = bar[i] * gi
            let raised = agreement > 0 ? eta[i] + kappa : eta[i]
            let rate = agreement < 0 ? eta[i] * keep : raised
            eta[i] = rate
            w[i] -= multiplier * rate * gi
            bar[i] = (1 - theta) * gi + theta * bar[i]
        }
    }
}
