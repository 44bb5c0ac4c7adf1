import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of gradient descent (`GradientDescent`):
    /// `w <- w - gamma g` (Cauchy 1847), with `gamma` the learning rate after
    /// the schedule and `g` the (clipped) gradient.
    public struct SGDOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, the learning rate the schedule starts from; `nil`: 0.01.
        public var learningRate: Double?
        /// How `gamma` changes with the update count (default
        /// ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// Gradient descent's options; a setting left `nil` takes the
        /// default given with it.
        public init(
            learningRate: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.SGDOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> GradientDescent<Scalar> {
        GradientDescent(
            learningRate: learningRate.scalar(or: 0.01), schedule: schedule.converted(),
            clipping: clipping.converted())
    }
}
