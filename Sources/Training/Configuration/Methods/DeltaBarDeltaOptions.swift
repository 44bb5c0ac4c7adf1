import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of delta-bar-delta (`DeltaBarDelta`):
    /// `w_i <- w_i - m eta_i g_i`, each rate `eta_i` (from `gamma_0`) raised
    /// by `kappa` while `g_i` keeps the sign of its running average and
    /// multiplied by `1 - phi` when it flips, `m` the schedule's factor
    /// (Jacobs, Neural Networks 1(4), 1988). `kappa`, `phi` and the
    /// average's decay keep `DeltaBarDelta`'s defaults.
    public struct DeltaBarDeltaOptions: Codable, Hashable, Sendable {
        /// `gamma_0`, every rate's start; `nil`: 0.01.
        public var learningRate: Double?
        /// How the factor `m` on the adapted rates changes with the update
        /// count (default ``Schedule/constant``).
        public var schedule: Schedule
        /// The clipping applied to `g` before the update (default
        /// ``Clipping/none``).
        public var clipping: Clipping

        /// Delta-bar-delta's options; a setting left `nil` takes the default
        /// given with it.
        public init(
            learningRate: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
        ) {
            self.learningRate = learningRate
            self.schedule = schedule
            self.clipping = clipping
        }
    }
}

extension OptimizerConfiguration.DeltaBarDeltaOptions: FirstOrderRuleOptions {
    /// The rule, its defaults filled in.
    func rule<Scalar: BLASScalar>() -> DeltaBarDelta<Scalar> {
        DeltaBarDelta(
            learningRate: learningRate.scalar(or: 0.01), schedule: schedule.converted(),
            clipping: clipping.converted())
    }
}
