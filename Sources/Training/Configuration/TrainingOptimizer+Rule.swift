import Optimizers
import Tensor

/// An operation on the first-order rule a ``TrainingOptimizer``'s rule
/// holds, run with the rule's concrete type, so that it is specialized for
/// each rule: one switch (`Rule.perform(_:)`) serves every operation.
@usableFromInline
protocol RuleOperation<Scalar> {
    associatedtype Scalar: BLASScalar
    associatedtype Output
    /// Runs on `rule`, and may change it.
    func run<R: FirstOrderRule>(on rule: inout R) -> Output where R.Scalar == Scalar
}

extension TrainingOptimizer.Rule {
    /// Runs `operation` on the rule this case holds and keeps the changed
    /// rule; `nil` for a minimizer. The rule is taken out of the enum
    /// first, so that its state buffer stays uniquely referenced while
    /// `operation` writes it (otherwise every update would copy it).
    @inlinable
    mutating func perform<Operation: RuleOperation<Scalar>>(_ operation: Operation)
        -> Operation.Output?
    {
        let taken = self
        self = .moved
        // `consume` ends `taken` here, so the case's `var o` is the only
        // owner of the state.
        switch consume taken {
        case .sgd(var o):
            defer { self = .sgd(o) }
            return operation.run(on: &o)
        case .momentum(var o):
            defer { self = .momentum(o) }
            return operation.run(on: &o)
        case .nesterov(var o):
            defer { self = .nesterov(o) }
            return operation.run(on: &o)
        case .adagrad(var o):
            defer { self = .adagrad(o) }
            return operation.run(on: &o)
        case .rmsprop(var o):
            defer { self = .rmsprop(o) }
            return operation.run(on: &o)
        case .nesterovRMSProp(var o):
            defer { self = .nesterovRMSProp(o) }
            return operation.run(on: &o)
        case .adadelta(var o):
            defer { self = .adadelta(o) }
            return operation.run(on: &o)
        case .adam(var o):
            defer { self = .adam(o) }
            return operation.run(on: &o)
        case .adamW(var o):
            defer { self = .adamW(o) }
            return operation.run(on: &o)
        case .deltaBarDelta(var o):
            defer { self = .deltaBarDelta(o) }
            return operation.run(on: &o)
        case .minimizer(let iterations):
            self = .minimizer(iterations: iterations)
            return nil
        case .moved: fatalError("TrainingOptimizer: a rule used while moved")
        }
    }

    /// `operation` run on a copy of the rule, for an operation that only
    /// reads; `nil` for a minimizer.
    func reading<Operation: RuleOperation<Scalar>>(_ operation: Operation) -> Operation.Output? {
        var copy = self
        return copy.perform(operation)
    }
}

/// One update of a rule's range of the parameters.
@usableFromInline
struct RuleUpdate<Scalar: BLASScalar>: RuleOperation {
    @usableFromInline let parameters: UnsafeMutableBufferPointer<Scalar>
    @usableFromInline let gradient: UnsafeBufferPointer<Scalar>

    @inlinable
    init(_ parameters: UnsafeMutableBufferPointer<Scalar>, along gradient: UnsafeBufferPointer<Scalar>) {
        (self.parameters, self.gradient) = (parameters, gradient)
    }

    @inlinable
    func run<R: FirstOrderRule>(on rule: inout R) where R.Scalar == Scalar {
        var parameters = parameters
        rule.update(&parameters, along: gradient)
    }
}

/// The rule as a protocol value, for its read-only properties.
struct RuleAsProtocol<Scalar: BLASScalar>: RuleOperation {
    func run<R: FirstOrderRule>(on rule: inout R) -> any FirstOrderOptimizer<Scalar>
    where R.Scalar == Scalar { rule }
}

/// The rule's step count, read without boxing the rule in an existential
/// (a heap allocation for rules with more than three words of state).
struct RuleStepCount<Scalar: BLASScalar>: RuleOperation {
    func run<R: FirstOrderRule>(on rule: inout R) -> Int where R.Scalar == Scalar { rule.stepCount }
}

/// Gives the rule a schedule.
struct RuleScheduleChange<Scalar: BLASScalar>: RuleOperation {
    let schedule: LearningRateSchedule<Scalar>
    func run<R: FirstOrderRule>(on rule: inout R) where R.Scalar == Scalar {
        rule.schedule = schedule
    }
}

/// Restores a snapshot into the rule.
struct RuleRestore<Scalar: BLASScalar>: RuleOperation {
    let state: OptimizerState<Scalar>
    func run<R: FirstOrderRule>(on rule: inout R) -> Result<Void, OptimizerStateError>
    where R.Scalar == Scalar {
        Result { () throws(OptimizerStateError) in try rule.restore(state) }
    }
}
