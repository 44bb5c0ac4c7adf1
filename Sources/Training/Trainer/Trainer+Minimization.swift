import Reporting
import Datasets
import Network
import Optimizers
import Tensor

extension Trainer {
    /// The epochs of a second-order method: the configured minimizer,
    /// stepped by ``minimizeEpochs(with:training:validation:epochs:group:onProgress:onEpoch:)``.
    /// See "Second-order methods" in the type's documentation.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func minimizeEpochs(
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        group: (any Communicator)?, onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws {
        try checkMinimizable()
        // A first-order epoch's position means nothing to a minimizer.
        epochInProgress = nil
        let configuration = optimizer.configuration
        let stopping = configuration.stoppingCriteria(for: Scalar.self)
        func run<M: Minimizer<Scalar>>(_ minimizer: M) throws {
            try minimizeEpochs(
                with: minimizer, training: training, validation: validation, epochs: epochs,
                group: group, onProgress: onProgress, onEpoch: onEpoch)
        }
        switch configuration.method {
        case .bfgs: try run(BFGS(options: .init(stopping: stopping)))
        case .lbfgs(let options) where minimizesWithOWLQN:
            // L-BFGS with an L1 penalty runs as OWL-QN, which adds the
            // penalty itself to the smooth rest of the loss.
            try run(
                OWLQN(
                    options: .init(
                        l1: Scalar(model.regularization.l1), penalized: model.l1PenalizedRanges,
                        stopping: stopping, historySize: options.historySize)))
        case .lbfgs(let options):
            try run(LBFGS(options: .init(stopping: stopping, historySize: options.historySize)))
        case .conjugateGradient(let options):
            try run(
                NonlinearConjugateGradient(
                    options: .init(stopping: stopping, formula: options.formula)))
        case .hessianFree(let options):
            try run(
                HessianFree(
                    options: .init(stopping: stopping, initialDamping: Scalar(options.damping))))
        case .newton: try run(Newton(options: .init(stopping: stopping)))
        default: fatalError("Trainer: \(configuration.kind.rawValue) is not a minimizer")
        }
    }

    /// The epochs of `minimizer`: ``minimizerRun`` continued (or started at
    /// the model's weights), `Minimizer.advance(_:_:)` until an
    /// epoch's iterations are done, the run ends, or a stop is requested;
    /// then the epoch's record. A large-batch L-BFGS starts a run on a fresh
    /// batch every epoch, and continues a run only to finish the epoch a
    /// stop request ended, on that epoch's batch.
    mutating func minimizeEpochs<M: Minimizer<Scalar>>(
        with minimizer: M, training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        group: (any Communicator)?, onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws {
        let configuration = optimizer.configuration
        let perEpoch = configuration.effectiveIterationsPerEpoch
        let batchSize = configuration.largeBatchSize(trainingCount: training.count)
        // The run of the last fit, until the objective has checked it.
        var carried = continuableRun(of: M.self)
        var run: MinimizationState<Scalar, M.Memory>?
        // The epoch a stop request ended in its middle, which the carried
        // run finishes.
        var stopped = minimizerEpochInProgress.flatMap {
            $0.epoch == epochsCompleted + 1 && carried != nil ? $0 : nil
        }
        minimizerEpochInProgress = nil
        if batchSize != nil && stopped?.generatorAtStart == nil {
            carried = nil
            stopped = nil
        }
        // One owner while the run steps: a second reference to its buffers
        // would make the next write copy them.
        minimizerRun = nil
        defer { minimizerRun = run ?? carried }
        let plan = ThreadPlan.training(
            rows: batchSize ?? training.count, parameters: model.parameterCount,
            budget: threadBudget)
        try plan.withBLASThreads {
            var data = training
            var objective: NetworkObjective<Scalar>?
            while epochsCompleted < epochs {
                if try stopIsAgreed(across: group) { return }
                var generatorAtStart: [UInt64]?
                if let batchSize {
                    // A stopped epoch draws its batch again.
                    if let state = stopped?.generatorAtStart {
                        generator = Xoshiro256StarStar(state: state)
                    }
                    generatorAtStart = generator.state
                    let permutation = [Int](
                        randomPermutationOf: training.count, using: &generator)
                    data = training.subset(permutation.prefix(batchSize).sorted())
                    objective = nil
                    run = nil
                }
                if objective == nil {
                    let smooth = minimizesWithOWLQN ? model.withoutL1 : model
                    objective =
                        try group.map {
                            try NetworkObjective(
                                model: smooth, dataset: data, threads: plan.shards, across: $0)
                        } ?? NetworkObjective(model: smooth, dataset: data, threads: plan.shards)
                }
                if let kept = carried {
                    carried = nil
                    if objective!.reproduces(kept) { run = kept } else { stopped = nil }
                }
                if run == nil { run = minimizer.start(&objective!, at: model.parameters) }
                let finished = try minimizeEpoch(
                    with: minimizer, run: &run!, objective: &objective!, data: data,
                    iterations: perEpoch, continuing: stopped, generatorAtStart: generatorAtStart,
                    epochs: epochs,
                    validation: validation, group: group, onProgress: onProgress,
                    onEpoch: onEpoch)
                stopped = nil
                if finished { return }
            }
        }
    }

    /// One epoch of `run` on `objective`, the loss of `data`: up to
    /// `iterations` iterations (fewer when it continues the stopped epoch
    /// `continuing`), then its record, unless the run ended before taking
    /// any or a stop request ended the epoch in its middle, which
    /// ``minimizerEpochInProgress`` then keeps (with `generatorAtStart`, the
    /// generator's state before a large batch was drawn). Keeps the run in
    /// ``minimizerRun`` and returns whether training should stop.
    mutating func minimizeEpoch<M: Minimizer<Scalar>>(
        with minimizer: M, run: inout MinimizationState<Scalar, M.Memory>,
        objective: inout NetworkObjective<Scalar>, data: Dataset<Scalar>, iterations: Int,
        continuing stopped: MinimizerEpochProgress?, generatorAtStart: [UInt64]?, epochs: Int,
        validation: Dataset<Scalar>?, group: (any Communicator)?,
        onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> Bool {
        let clock = ContinuousClock()
        let started = clock.now
        // The run's counts when the epoch began.
        let before = (
            iterations: run.iterations - (stopped?.iterations ?? 0),
            evaluations: run.functionEvaluations - (stopped?.functionEvaluations ?? 0)
        )
        func seconds() -> Double { (clock.now - started).inSeconds + (stopped?.seconds ?? 0) }
        // The totals of earlier runs: the history's, less what it already
        // counts of this run when this run continues.
        let recorded = before.iterations > 0 ? before : (0, 0)
        let earlier = (
            iterations: (history.records.last?.iterations ?? 0) - recorded.0,
            evaluations: (history.records.last?.functionEvaluations ?? 0) - recorded.1
        )
        minimizerRun = nil  // see minimizeEpochs
        defer { minimizerRun = run }
        var ending = false
        while run.iterations - before.iterations < iterations, !ending {
            guard minimizer.advance(&objective, &run), objective.error == nil else { break }
            onProgress?(
                TrainingProgress(
                    epoch: epochsCompleted + 1, epochs: epochs,
                    samples: run.iterations - before.iterations, totalSamples: iterations,
                    loss: Double(run.value), accuracy: nil,
                    seconds: seconds(), unit: "iterations"))
            ending = try stopIsAgreed(across: group) || run.status != nil
        }
        if let error = objective.error { throw TrainingError.invalidData(error) }
        if let status = run.status, status != .iterationLimit { minimizationStatus = status }
        optimizer.stepCount = earlier.iterations + run.iterations
        guard run.iterations > before.iterations else { return true }
        BLAS.copy(run.point, &model.parameters)
        if stoppedOnRequest, run.status == nil, run.iterations - before.iterations < iterations {
            minimizerEpochInProgress = MinimizerEpochProgress(
                epoch: epochsCompleted + 1, iterations: run.iterations - before.iterations,
                functionEvaluations: run.functionEvaluations - before.evaluations,
                seconds: seconds(), generatorAtStart: generatorAtStart)
            return true
        }
        let elapsed = seconds()
        let accuracy = try evaluate(data, pass: nil, group: group).accuracy
        let record = EpochRecord(
            epoch: epochsCompleted + 1, loss: Double(run.value), accuracy: accuracy,
            learningRate: Double(run.stepLength), seconds: elapsed,
            samplesPerSecond: Double(
                (run.functionEvaluations - before.evaluations) * objective.sampleCount)
                / Swift.max(elapsed, 1e-9),
            iterations: earlier.iterations + run.iterations,
            functionEvaluations: earlier.evaluations + run.functionEvaluations,
            gradientNorm: Double(run.gradientNorm))
        minimizerRun = run  // onEpoch may save a checkpoint
        let stop = try finishEpoch(
            record, training: data, validation: validation, group: group, onEpoch: onEpoch)
        return stop || ending
    }

    /// ``minimizerRun`` when a run of `M` may continue from it: of the same
    /// method, not ended, and at the model's current weights (early
    /// stopping, or a caller, may have changed them since). The objective
    /// then checks that the loss is still the run's
    /// (``NetworkObjective/reproduces(_:)``).
    func continuableRun<M: Minimizer<Scalar>>(of _: M.Type) -> MinimizationState<Scalar, M.Memory>?
    {
        guard let run = minimizerRun as? MinimizationState<Scalar, M.Memory>, run.status == nil,
            run.point == model.parameters
        else { return nil }
        return run
    }

    /// Whether the second-order method is OWL-QN (`OWLQN`):
    /// L-BFGS on a model with an L1 penalty, whose kinks at zero a
    /// quasi-Newton method must not differentiate across.
    public var minimizesWithOWLQN: Bool {
        optimizer.configuration.kind == .lbfgs && model.regularization.l1 > 0
    }

    /// Throws when the model or the settings do not suit a second-order
    /// method.
    func checkMinimizable() throws {
        let kind = optimizer.configuration.kind
        for layer in model.layers {
            switch layer {
            case .dropout(let amount), .gaussianNoise(let amount):
                if amount > 0 { throw TrainingError.randomLayer(method: kind, layer: layer.name) }
            default: continue
            }
        }
        if let limit = kind.parameterLimit, model.parameterCount > limit {
            throw TrainingError.tooManyParameters(
                method: kind, count: model.parameterCount, limit: limit)
        }
        if averaging != nil { throw TrainingError.averagingWithMinimizer(kind) }
    }
}
