import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of Nesterov momentum (`NesterovMomentum`):
    /// `v <- beta v - gamma grad L(w + beta v); w <- w + v`, kept in the
    /// look-ahead form that takes the gradient at the stored parameters
    /// (Nesterov 1983; Sutskever et al., ICML 2013, equations 3-4), with
    /// `gamma` the learning rate after the schedule.
    public struct NesterovOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`: 0.01.
        public var learningRate: Double?
        /// `beta`, the fraction of the last step kept, in `[0, 1)`; `nil`:
        /// 0.9.
        public var momentum: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to the gradient before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// Nesterov momentum's options; a setting left `nil` takes the
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

extension OptimizerConfiguration.NesterovOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> NesterovMomentum<Scalar> {
        NesterovMomentum(
            learningRate: learningRate.scalar(or: 0.01), momentum: momentum.scalar(or: 0.9),
            schedule: schedule.converted(), clipping: clipping.converted())
    }
}
