import Datasets
import Network
import Optimizers
import Tensor

extension Trainer {
    /// The epochs of a second-order method: one minimizer run over the
    /// whole training set (or, for a large-batch L-BFGS, one run per epoch
    /// on a fresh batch), ending an epoch every
    /// ``OptimizerConfiguration/effectiveIterationsPerEpoch`` iterations
    /// from inside the minimizer's callback. See "Second-order methods" in
    /// the type's documentation.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func minimizeEpochs(
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        group: (any Communicator)?, onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws {
        let configuration = optimizer.configuration
        try checkMinimizable()
        // A first-order epoch's position means nothing to a minimizer.
        epochInProgress = nil
        let perEpoch = configuration.effectiveIterationsPerEpoch
        let batchSize = configuration.largeBatchSize(trainingCount: training.count)
        // Counts so far, from the history: they continue across a resume.
        var iterationsBefore = history.records.last?.iterations ?? 0
        var evaluationsBefore = history.records.last?.functionEvaluations ?? 0
        let clock = ContinuousClock()
        while epochsCompleted < epochs {
            if try stopIsAgreed(across: group) { return }
            var data = training
            if let batchSize {
                let permutation = [Int](randomPermutationOf: training.count, using: &generator)
                data = training.subset(permutation.prefix(batchSize).sorted())
            }
            let plan = ThreadPlan.training(
                rows: data.count, parameters: model.parameterCount, budget: threadBudget)
            // L-BFGS with an L1 penalty runs as OWL-QN, which adds the
            // penalty itself to the smooth rest of the loss.
            let smooth = minimizesWithOWLQN ? model.withoutL1 : model
            let l1 =
                minimizesWithOWLQN ? (Scalar(model.regularization.l1), model.l1PenalizedRanges) : nil
            let finished = try plan.withBLASThreads { () throws -> Bool in
                var objective =
                    try group.map {
                        try NetworkObjective(
                            model: smooth, dataset: data, threads: plan.shards, across: $0)
                    } ?? NetworkObjective(model: smooth, dataset: data, threads: plan.shards)
                let sampleCount = objective.sampleCount
                // The run's iterations and evaluations when the current epoch began.
                var epochStart = (iteration: 0, evaluations: 0, time: clock.now)
                var stepLength: Scalar = 0
                var failure: (any Error)?
                var stopped = false

                /// Records the epoch ending at `point` after `iteration` iterations
                /// and `evaluations` evaluations of this run; true to stop.
                func endEpoch(
                    at point: [Scalar], value: Scalar, gradientNorm: Scalar, iteration: Int,
                    evaluations: Int
                ) throws -> Bool {
                    let seconds = (clock.now - epochStart.time).inSeconds
                    BLAS.copy(point, &model.parameters)
                    let accuracy = try evaluate(data, pass: nil, group: group).accuracy
                    optimizer.stepCount = iterationsBefore + iteration
                    let record = EpochRecord(
                        epoch: epochsCompleted + 1, loss: Double(value), accuracy: accuracy,
                        learningRate: Double(stepLength), seconds: seconds,
                        samplesPerSecond: Double(
                            (evaluations - epochStart.evaluations) * sampleCount)
                            / Swift.max(seconds, 1e-9),
                        iterations: iterationsBefore + iteration,
                        functionEvaluations: evaluationsBefore + evaluations,
                        gradientNorm: Double(gradientNorm))
                    epochStart = (iteration, evaluations, clock.now)
                    return try finishEpoch(
                        record, validation: validation, group: group, onEpoch: onEpoch)
                }

                func onIteration(_ report: IterationReport<Scalar>) -> IterationControl {
                    stepLength = report.stepLength
                    let done = report.iteration - epochStart.iteration
                    onProgress?(
                        TrainingProgress(
                            epoch: epochsCompleted + 1, epochs: epochs, samples: done,
                            totalSamples: perEpoch, loss: Double(report.value), accuracy: nil,
                            seconds: (clock.now - epochStart.time).inSeconds, unit: "iterations"))
                    do {
                        // A stop ends the epoch at this iteration: the
                        // minimizer's memory is not saved, so there is no
                        // position inside an epoch worth keeping.
                        let stopping = try stopIsAgreed(across: group)
                        guard done == perEpoch || stopping else { return .proceed }
                        stopped = try endEpoch(
                            at: report.parameters, value: report.value,
                            gradientNorm: report.gradientNorm, iteration: report.iteration,
                            evaluations: report.functionEvaluations) || stopping
                    } catch {
                        failure = error
                        stopped = true
                    }
                    return stopped ? .stop : .proceed
                }

                let iterations = (batchSize == nil ? epochs - epochsCompleted : 1) * perEpoch
                let result = configuration.minimize(
                    &objective, from: model.parameters, iterations: iterations, l1: l1,
                    callback: onIteration)
                if let failure { throw failure }
                if let error = objective.error { throw TrainingError.invalidData(error) }
                if stopped { return true }
                if result.status != .iterationLimit && result.status != .stoppedByCallback {
                    minimizationStatus = result.status
                }
                // The iterations since the last full epoch: a partial epoch.
                if result.iterations > epochStart.iteration,
                    try endEpoch(
                        at: result.parameters, value: result.value,
                        gradientNorm: result.gradientNorm, iteration: result.iterations,
                        evaluations: result.functionEvaluations)
                {
                    return true
                }
                if minimizationStatus != nil { return true }
                iterationsBefore += result.iterations
                evaluationsBefore += result.functionEvaluations
                return false
            }
            if finished { return }
        }
    }

    /// Whether the second-order method is OWL-QN (``Optimizers/OWLQN``):
    /// L-BFGS on a model with an L1 penalty, whose kinks at zero a
    /// quasi-Newton method must not differentiate across.
    public var minimizesWithOWLQN: Bool {
        optimizer.configuration.kind == .lbfgs && model.regularization.l1 > 0
    }

    /// Throws when the model or the settings do not suit a second-order
    /// method; stops on a batch size given to another method than L-BFGS.
    func checkMinimizable() throws {
        let kind = optimizer.configuration.kind
        require(
            optimizer.configuration.batchSize == nil || kind == .lbfgs,
            "Trainer: OptimizerConfiguration.batchSize applies to lbfgs only, not \(kind.rawValue)")
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
