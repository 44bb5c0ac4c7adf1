import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of Adam (`Adam`): `m <- beta1 m + (1 - beta1) g;
    /// v <- beta2 v + (1 - beta2) g^2; w <- w - gamma (m / (1 - beta1^t)) /
    /// (sqrt(v / (1 - beta2^t)) + epsilon)`, element-wise, at update
    /// `t = 1, 2, ...` (Kingma & Ba, ICLR 2015, algorithm 1), with `gamma` the
    /// learning rate after the schedule and `g` the (clipped) gradient.
    public struct AdamOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`:
        /// 0.001.
        public var learningRate: Double?
        /// `beta1`, the first moment's decay, in `[0, 1)`; `nil`: 0.9.
        public var beta1: Double?
        /// `beta2`, the second moment's decay, in `[0, 1)`; `nil`: 0.999.
        public var beta2: Double?
        /// `epsilon`, the constant added to the root, positive; `nil`: 1e-8.
        public var epsilon: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// Adam's options; a setting left `nil` takes the default given with
        /// it.
        public init(
            learningRate: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
            epsilon: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.AdamOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> Adam<Scalar> {
        Adam(
            learningRate: learningRate.scalar(or: 0.001), beta1: beta1.scalar(or: 0.9),
            beta2: beta2.scalar(or: 0.999), epsilon: epsilon.scalar(or: 1e-8),
            schedule: schedule.converted(), clipping: clipping.converted())
    }
}
