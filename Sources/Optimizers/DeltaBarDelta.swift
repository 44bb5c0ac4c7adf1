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
public struct DeltaBarDelta<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The rate `eta_i(0) >= 0` every parameter starts with.
    public var learningRate: Scalar
    /// The additive increase `kappa >= 0` of a rate whose gradient keeps its sign.
    public var increment: Scalar
    /// The fraction `phi` in `[0, 1]` a rate loses when its gradient flips sign.
    public var decrementFactor: Scalar
    /// The weight `theta` in `[0, 1)` of the past in the gradient average.
    public var smoothing: Scalar
    /// How the adapted rates are scaled with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var ratesStorage: [Scalar] = []
    @usableFromInline var averageGradientStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The per-parameter learning rates `eta(k)` (empty before the first update).
    public var rates: [Scalar] { ratesStorage }
    /// The exponential average of past gradients `gbar(k-1)` (empty before
    /// the first update).
    public var averageGradient: [Scalar] { averageGradientStorage }

    /// Delta-bar-delta with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `eta_i(0) >= 0`; defaults to `0.01`.
    ///   - increment: `kappa >= 0`; defaults to `0.001`.
    ///   - decrementFactor: `phi` in `[0, 1]`; defaults to `0.1`.
    ///   - smoothing: `theta` in `[0, 1)`; defaults to `0.7`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01,
        increment: Scalar = 0.001,
        decrementFactor: Scalar = 0.1,
        smoothing: Scalar = 0.7,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "DeltaBarDelta: learningRate \(learningRate) < 0")
        require(increment >= 0, "DeltaBarDelta: increment \(increment) < 0")
        require(
            decrementFactor >= 0 && decrementFactor <= 1,
            "DeltaBarDelta: decrementFactor \(decrementFactor) not in [0, 1]")
        require(
            smoothing >= 0 && smoothing < 1, "DeltaBarDelta: smoothing \(smoothing) not in [0, 1)")
        self.learningRate = learningRate
        self.increment = increment
        self.decrementFactor = decrementFactor
        self.smoothing = smoothing
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Adapts the rates, then applies `w -= m(k) eta g` to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count, in: "DeltaBarDelta")
        ratesStorage.prepareState(
            count: parameters.count, initial: learningRate, name: "rates", in: "DeltaBarDelta")
        averageGradientStorage.prepareState(
            count: parameters.count, name: "averageGradient", in: "DeltaBarDelta")
        let multiplier = schedule.multiplier(atStep: steps)
        let (kappa, keep, theta) = (increment, 1 - decrementFactor, smoothing)
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                ratesStorage.withUnsafeMutableBufferPointer { eta in
                    averageGradientStorage.withUnsafeMutableBufferPointer { bar in
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
            }
        }
        steps += 1
    }

    /// The step count and the vectors `rates` and `averageGradient`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "DeltaBarDelta", stepCount: steps,
            vectors: ["rates": ratesStorage, "averageGradient": averageGradientStorage])
    }

    /// Restores the step count, the rates and the average from a
    /// ``DeltaBarDelta`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(
            for: "DeltaBarDelta", vectors: ["rates", "averageGradient"])
        steps = state.stepCount
        ratesStorage = vectors[0]
        averageGradientStorage = vectors[1]
    }
}
