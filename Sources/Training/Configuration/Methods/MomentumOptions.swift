import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of the momentum method (`Momentum`):
    /// `v <- beta v - gamma g; w <- w + v` (Polyak 1964; Goodfellow et al.,
    /// *Deep Learning*, algorithm 8.2), with `gamma` the learning rate after
    /// the schedule and `g` the (clipped) gradient.
    public struct MomentumOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`: 0.01.
        public var learningRate: Double?
        /// `beta`, the fraction of the last step kept, in `[0, 1)`; `nil`:
        /// 0.9.
        public var momentum: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// The momentum method's options; a setting left `nil` takes the
        /// default given with it.
        public init(
            learningRate: Double? = nil, momentum: Double? = nil, schedule: Schedule = .constant,
            clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.momentum = momentum
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.MomentumOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> Momentum<Scalar> {
        Momentum(
            learningRate: learningRate.scalar(or: 0.01), momentum: momentum.scalar(or: 0.9),
            schedule: schedule.converted(), clipping: clipping.converted())
    }
}
