import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of RMSProp (`RMSProp`):
    /// `a <- rho a + (1 - rho) g^2; w <- w - gamma g / (sqrt(a) + epsilon)`,
    /// element-wise (Tieleman & Hinton, COURSERA: Neural Networks for
    /// Machine Learning, 2012), with `gamma` the learning rate after the
    /// schedule and `g` the (clipped) gradient.
    public struct RMSPropOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`:
        /// 0.001.
        public var learningRate: Double?
        /// `rho`, the decay of the squared-gradient average, in `[0, 1)`;
        /// `nil`: 0.9.
        public var rho: Double?
        /// `epsilon`, the constant added to the root, positive; `nil`: 1e-8.
        public var epsilon: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// RMSProp's options; a setting left `nil` takes the default given
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

extension OptimizerConfiguration.RMSPropOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> RMSProp<Scalar> {
        RMSProp(
            learningRate: learningRate.scalar(or: 0.001), rho: rho.scalar(or: 0.9),
            epsilon: epsilon.scalar(or: 1e-8), schedule: schedule.converted(),
            clipping: clipping.converted())
    }
}
