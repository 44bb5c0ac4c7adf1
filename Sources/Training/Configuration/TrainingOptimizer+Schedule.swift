import Optimizers
import Tensor

// The learning-rate schedule of a TrainingOptimizer's rules, and the state
// of a reduce-on-plateau schedule, which the rules keep in their schedule
// and the optimizer's `state` carries in its scalars.

extension TrainingOptimizer {
    /// The schedule the rule follows, with the state of a reduce-on-plateau
    /// part (`LearningRateSchedule.plateau`); `nil` for a
    /// second-order method.
    public var schedule: LearningRateSchedule<Scalar>? { current?.schedule }

    /// Reports one epoch's monitored loss to a reduce-on-plateau schedule
    /// (`ReduceOnPlateau.observe(_:)`), in every partition's
    /// rule; other schedules and second-order methods ignore it.
    /// ``Trainer`` calls it after every epoch with the validation loss, or
    /// the training loss without a validation set; a loop of its own over
    /// ``Trainer/step(_:at:on:)`` calls it once per epoch.
    ///
    /// - Returns: whether the learning rate went down.
    @discardableResult
    public mutating func observeEpoch(_ loss: Double) -> Bool {
        guard var schedule, schedule.plateau != nil else { return false }
        let reduced = schedule.observe(Scalar(loss))
        setSchedule(schedule)
        return reduced
    }

    /// Gives every partition's rule `schedule`.
    mutating func setSchedule(_ schedule: LearningRateSchedule<Scalar>) {
        for index in rules.indices { Self.setSchedule(schedule, of: &rules[index]) }
    }

    /// Gives `rule` `schedule` (a minimizer has none).
    static func setSchedule(_ schedule: LearningRateSchedule<Scalar>, of rule: inout Rule) {
        _ = rule.perform(RuleScheduleChange(schedule: schedule))
    }

    /// `state` with the schedule's own state (`LearningRateSchedule.stateScalars`)
    /// added to its scalars.
    func addingScheduleState(to state: OptimizerState<Scalar>) -> OptimizerState<Scalar> {
        guard let scalars = schedule?.stateScalars, !scalars.isEmpty else { return state }
        var state = state
        state.scalars.merge(scalars) { _, schedule in schedule }
        return state
    }

    /// Restores the schedule's own state from `state`'s scalars into every
    /// rule and takes those scalars out of `state`, leaving the rule's own.
    mutating func restoreScheduleState(taking state: inout OptimizerState<Scalar>)
        throws(OptimizerStateError)
    {
        guard var schedule, schedule.plateau != nil else { return }
        try schedule.restoreState(taking: &state.scalars, optimizer: state.optimizer)
        setSchedule(schedule)
    }
}
