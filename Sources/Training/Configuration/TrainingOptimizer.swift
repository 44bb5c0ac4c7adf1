import Optimizers
import Tensor

/// The first-order rule a ``Trainer`` runs, chosen at run time from an
/// ``OptimizerConfiguration``; for a second-order method, only its count of
/// iterations (the trainer runs the minimizer itself and keeps its run in
/// ``Trainer/minimizerRun``).
///
/// A closed set of concrete rules rather than an existential: every update
/// calls the rule's specialized, vectorized loop directly, where
/// `any FirstOrderOptimizer` would run it unspecialized.
public struct TrainingOptimizer<Scalar: BLASScalar>: Sendable {
    @usableFromInline
    enum Rule: Sendable {
        case sgd(GradientDescent<Scalar>)
        case momentum(Momentum<Scalar>)
        case nesterov(NesterovMomentum<Scalar>)
        case adagrad(AdaGrad<Scalar>)
        case rmsprop(RMSProp<Scalar>)
        case nesterovRMSProp(NesterovRMSProp<Scalar>)
        case adadelta(Adadelta<Scalar>)
        case adam(Adam<Scalar>)
        case adamW(AdamW<Scalar>)
        case deltaBarDelta(DeltaBarDelta<Scalar>)
        /// A second-order method and its iterations so far.
        case minimizer(iterations: Int)
        /// Held only while a rule is taken out to be updated in place.
        case moved
    }

    /// The rule, one copy per contiguous range of the parameters (see
    /// ``partition(into:)``); each copy's state covers its own range only.
    @usableFromInline var rules: [Rule]
    /// What was configured.
    public let configuration: OptimizerConfiguration

    /// The rule of the first range: every copy has the same settings and
    /// step count.
    @usableFromInline var rule: Rule {
        get { rules[0] }
        set { rules[0] = newValue }
    }

    /// The number of ranges the parameters are updated in (1 unless
    /// ``partition(into:)`` said otherwise).
    public var partitionCount: Int { rules.count }

    /// The rule `configuration` describes, with no state yet.
    public init(_ configuration: OptimizerConfiguration) {
        self.configuration = configuration
        rules = [Self.makeRule(configuration)]
    }

    /// A fresh rule of `configuration`'s method and options.
    static func makeRule(_ configuration: OptimizerConfiguration) -> Rule {
        switch configuration.method {
        case .sgd(let options): .sgd(options.rule())
        case .momentum(let options): .momentum(options.rule())
        case .nesterov(let options): .nesterov(options.rule())
        case .adagrad(let options): .adagrad(options.rule())
        case .rmsprop(let options): .rmsprop(options.rule())
        case .nesterovRMSProp(let options): .nesterovRMSProp(options.rule())
        case .adadelta(let options): .adadelta(options.rule())
        case .adam(let options): .adam(options.rule())
        case .adamW(let options): .adamW(options.rule())
        case .deltaBarDelta(let options): .deltaBarDelta(options.rule())
        case .bfgs, .lbfgs, .conjugateGradient, .hessianFree, .newton:
            .minimizer(iterations: 0)
        }
    }

    /// Applies one update to `parameters` along `gradient`, partition by
    /// partition.
    @inlinable
    public mutating func update(_ parameters: inout [Scalar], along gradient: [Scalar]) {
        let parts = rules.count
        parameters.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                require(
                    w.count == g.count,
                    "TrainingOptimizer: \(w.count) parameters but a gradient of \(g.count)")
                for part in 0..<parts {
                    Self.update(&rules[part], part: part, of: parts, w, along: g)
                }
            }
        }
    }

    /// Updates partition `part` of `parts` of `w` along the same range of
    /// `g` with `rule`, the copy of the rule that owns that range.
    @inlinable
    static func update(
        _ rule: inout Rule, part: Int, of parts: Int, _ w: UnsafeMutableBufferPointer<Scalar>,
        along g: UnsafeBufferPointer<Scalar>
    ) {
        let range = ThreadPlan.shardRange(part, of: w.count, parts: parts)
        var slice = UnsafeMutableBufferPointer(rebasing: w[range])
        update(&rule, &slice, along: UnsafeBufferPointer(rebasing: g[range]))
    }

    /// Runs `body` on the partitions' rules, which ``update(_:along:)``
    /// would update one after the other, for a caller that updates them on
    /// several threads (`ParallelUpdate`).
    @inlinable
    mutating func withUnsafeMutableRules<R>(_ body: (UnsafeMutableBufferPointer<Rule>) -> R) -> R {
        rules.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Splits the rule into `count` copies, one per contiguous range of the
    /// parameters, so that a data-parallel step can run them on as many
    /// threads. The state is kept: ``state`` is the same before and after.
    /// Gradient clipping by norm needs the norm of the whole gradient, so
    /// with it the rule stays whole (``partitionCount`` 1).
    public mutating func partition(into count: Int) {
        require(count >= 1, "TrainingOptimizer: \(count) partitions")
        if !isPartitionable || count == rules.count { return }
        let saved = state
        rules = (0..<count).map { _ in Self.makeRule(configuration) }
        do {
            try restore(saved)
        } catch {
            fatalError("TrainingOptimizer: its own state did not fit: \(error)")
        }
    }

    /// Whether ``partition(into:)`` splits the rule: a first-order rule
    /// without clipping by norm.
    public var isPartitionable: Bool {
        if case .norm? = configuration.clipping { return false }
        return !configuration.kind.isSecondOrder
    }

    /// Updates `w` along `g` with `rule`, in place.
    @inlinable
    static func update(
        _ rule: inout Rule, _ w: inout UnsafeMutableBufferPointer<Scalar>,
        along g: UnsafeBufferPointer<Scalar>
    ) {
        guard rule.perform(RuleUpdate(w, along: g)) != nil else {
            fatalError("TrainingOptimizer: a minimizer is not an update rule")
        }
    }

    /// The rule as a protocol value, for the read-only properties; `nil` for
    /// a minimizer.
    var current: (any FirstOrderOptimizer<Scalar>)? { Self.protocolValue(rule) }

    /// `rule` as a protocol value; `nil` for a minimizer.
    static func protocolValue(_ rule: Rule) -> (any FirstOrderOptimizer<Scalar>)? {
        rule.reading(RuleAsProtocol())
    }

    /// The number of updates so far, or of a minimizer's iterations.
    public internal(set) var stepCount: Int {
        // Read by its concrete type, not through `current`: that
        // existential boxes the rule on the heap (Adam's state is more than
        // three words), a malloc per Trainer.step, which reads this for its
        // step number.
        get {
            if case .minimizer(let iterations) = rule { return iterations }
            return rule.reading(RuleStepCount())!
        }
        set {
            require(
                configuration.kind.isSecondOrder,
                "TrainingOptimizer: only a minimizer's step count is set")
            rule = .minimizer(iterations: newValue)
        }
    }

    /// The learning rate the next update uses; 0 for a minimizer, whose line
    /// search chooses every step.
    public var currentLearningRate: Scalar { current?.currentLearningRate ?? 0 }

    /// Everything the rule has changed since it was created (the state
    /// vectors of the partitions joined in order, as one rule would hold
    /// them, and a reduce-on-plateau schedule's state among the scalars);
    /// for a minimizer, its iterations alone (its run, with its curvature
    /// memory, is ``Trainer/minimizerRun``).
    public var state: OptimizerState<Scalar> {
        guard let first = current?.state else {
            return OptimizerState(optimizer: configuration.kind.minimizerName, stepCount: stepCount)
        }
        var joined = addingScheduleState(to: first)
        for part in rules.dropFirst() {
            let state = Self.protocolValue(part)!.state
            for (name, vector) in state.vectors { joined.vectors[name]! += vector }
        }
        return joined
    }

    /// The state as ``state`` gives it, read from the rules of `parts`
    /// alone (of parameters `0..<parameterCount`): their step count and
    /// scalars, and each vector of `parameterCount` elements with their
    /// ranges in place and zeros elsewhere. For a group whose members each
    /// update their own parts (`SharedUpdate`); nil before the first
    /// update.
    func state(ofParts parts: Range<Int>, parameterCount: Int) -> OptimizerState<Scalar>? {
        guard let owned = Self.protocolValue(rules[parts.lowerBound])?.state, owned.stepCount > 0
        else { return nil }
        // Each part's state once: reading it copies its vectors.
        let partStates = parts.map { Self.protocolValue(rules[$0])!.state }
        var state = addingScheduleState(to: owned)
        for name in state.vectors.keys {
            var whole = [Scalar](repeating: 0, count: parameterCount)
            for (part, partState) in zip(parts, partStates) {
                let range = ThreadPlan.shardRange(part, of: parameterCount, parts: rules.count)
                let vector = partState.vectors[name]!
                require(
                    vector.count == range.count,
                    "TrainingOptimizer: part \(part) holds \(vector.count) elements of \(name) for \(range.count) parameters"
                )
                whole.replaceSubrange(range, with: vector)
            }
            state.vectors[name] = whole
        }
        return state
    }

    /// Restores a snapshot taken from a rule of the same configuration
    /// (split into the ranges of the partitions when there are several).
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        var state = state
        try restoreScheduleState(taking: &state)
        let configuration = self.configuration
        guard rules.count > 1 else {
            return try Self.restore(state, into: &rules[0], configuration: configuration)
        }
        let length = state.vectors.values.first?.count ?? 0
        for part in rules.indices {
            var piece = state
            let range = ThreadPlan.shardRange(part, of: length, parts: rules.count)
            for (name, vector) in state.vectors where vector.count == length {
                piece.vectors[name] = Array(vector[range])
            }
            try Self.restore(piece, into: &rules[part], configuration: configuration)
        }
    }

    /// Restores `state` into one rule of `configuration`.
    static func restore(
        _ state: OptimizerState<Scalar>, into rule: inout Rule,
        configuration: OptimizerConfiguration
    ) throws(OptimizerStateError) {
        if let restored = rule.perform(RuleRestore(state: state)) { return try restored.get() }
        // A minimizer keeps its iterations alone.
        let name = configuration.kind.minimizerName
        guard state.optimizer == name else {
            throw .wrongOptimizer(expected: name, found: state.optimizer)
        }
        guard state.stepCount >= 0 else { throw .negativeStepCount(state.stepCount) }
        guard state.vectors.isEmpty else {
            throw .wrongVectors(optimizer: name, expected: [], found: state.vectors.keys.sorted())
        }
        guard state.scalars.isEmpty else {
            throw .wrongScalars(optimizer: name, expected: [], found: state.scalars.keys.sorted())
        }
        rule = .minimizer(iterations: state.stepCount)
    }
}
