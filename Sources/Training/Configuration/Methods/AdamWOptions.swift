import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of AdamW (`AdamW`): Adam's moments (``AdamOptions``),
    /// with the weights shrunk by `gamma lambda` of themselves at each update
    /// instead of an L2 term in the gradient: `w <- (1 - gamma lambda) w -
    /// gamma mhat / (sqrt(vhat) + epsilon)` (Loshchilov & Hutter, ICLR 2019,
    /// algorithm 2, with the decay scaled by the learning rate as in
    /// PyTorch), with `gamma` the learning rate after the schedule.
    public struct AdamWOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`:
        /// 0.001.
        public var learningRate: Double?
        /// `lambda`, the decoupled weight decay, at least 0; `nil`: 0.01.
        public var weightDecay: Double?
        /// `beta1`, the first moment's decay, in `[0, 1)`; `nil`: 0.9.
        public var beta1: Double?
        /// `beta2`, the second moment's decay, in `[0, 1)`; `nil`: 0.999.
        public var beta2: Double?
        /// `epsilon`, the constant added to the root, positive; `nil`: 1e-8.
        public var epsilon: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to the gradient before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// AdamW's options; a setting left `nil` takes the default given
        /// with it.
        public init(
            learningRate: Double? = nil, weightDecay: Double? = nil, beta1: Double? = nil,
            beta2: Double? = nil, epsilon: Double? = nil, schedule: Schedule = .constant,
            clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.AdamWOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> AdamW<Scalar> {
        AdamW(
            learningRate: learningRate.scalar(or: 0.001),
            weightDecay: weightDecay.scalar(or: 0.01), beta1: beta1.scalar(or: 0.9),
            beta2: beta2.scalar(or: 0.999), epsilon: epsilon.scalar(or: 1e-8),
            schedule: schedule.converted(), clipping: clipping.converted())
    }
}
