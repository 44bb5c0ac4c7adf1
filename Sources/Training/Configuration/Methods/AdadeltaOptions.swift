import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of Adadelta (`Adadelta`): `a <- rho a + (1 - rho) g^2;
    /// dw = -sqrt(d + epsilon) / sqrt(a + epsilon) g; d <- rho d + (1 - rho)
    /// dw^2; w <- w + gamma dw`, element-wise (Zeiler, arXiv:1212.5701,
    /// algorithm 1), with `gamma` the learning rate after the schedule and
    /// `g` the (clipped) gradient.
    public struct AdadeltaOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, a factor on Zeiler's step that the schedule starts
        /// from; `nil`: 1.
        public var learningRate: Double?
        /// `rho`, the decay of both averages, in `[0, 1)`; `nil`: 0.95.
        public var rho: Double?
        /// `epsilon`, the constant under both roots, positive; `nil`: 1e-6.
        public var epsilon: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// Adadelta's options; a setting left `nil` takes the default given
        /// with it.
        public init(
            learningRate: Double? = nil, rho: Double? = nil, epsilon: Double? = nil,
            schedule: Schedule = .constant, clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.rho = rho
            self.epsilon = epsilon
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.AdadeltaOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> Adadelta<Scalar> {
        Adadelta(
            learningRate: learningRate.scalar(or: 1), rho: rho.scalar(or: 0.95),
            epsilon: epsilon.scalar(or: 1e-6), schedule: schedule.converted(),
            clipping: clipping.converted())
    }
}
