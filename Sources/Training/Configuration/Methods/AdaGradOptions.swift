import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of AdaGrad (`AdaGrad`):
    /// `a <- a + g^2; w <- w - gamma g / (sqrt(a) + epsilon)`, element-wise
    /// (Duchi, Hazan & Singer, JMLR 2011), with `gamma` the learning rate
    /// after the schedule and `g` the (clipped) gradient.
    public struct AdaGradOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`: 0.01.
        public var learningRate: Double?
        /// `epsilon`, the constant added to the root, positive; `nil`: 1e-10.
        public var epsilon: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// AdaGrad's options; a setting left `nil` takes the default given
        /// with it.
        public init(
            learningRate: Double? = nil, epsilon: Double? = nil, schedule: Schedule = .constant,
            clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.epsilon = epsilon
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.AdaGradOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> AdaGrad<Scalar> {
        AdaGrad(
            learningRate: learningRate.scalar(or: 0.01), epsilon: epsilon.scalar(or: 1e-10),
            schedule: schedule.converted(), clipping: clipping.converted())
    }
}
