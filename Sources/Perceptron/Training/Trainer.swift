import Datasets
import Network
import Optimizers
import Tensor

/// Trains a ``Network/Sequential`` model with a first-order rule on
/// shuffled mini-batches, epoch after epoch: validation after every epoch, a
/// history of the figures, early stopping, Polyak averaging, and a state that
/// a checkpoint captures completely (a resumed run continues exactly as an
/// uninterrupted one).
///
/// ```swift
/// var trainer = Trainer(model: model, optimizer: OptimizerConfiguration(.adam), batchSize: 128, seed: 1)
/// try trainer.fit(training: train, validation: validation, epochs: 20, onEpoch: { record, _ in
///     print(record.summary(epochCount: 20))
///     return .proceed
/// })
/// ```
public struct Trainer<Scalar: BLASScalar>: Sendable {
    /// The model being trained.
    public var model: Sequential<Scalar>
    /// The update rule and its state.
    public var optimizer: TrainingOptimizer<Scalar>
    /// Samples per update.
    public var batchSize: Int
    /// A running average of the weights, used for evaluation when set.
    public var averaging: PolyakAveraging<Scalar>?
    /// When to stop before the last epoch.
    public var earlyStopping: EarlyStopping?
    /// The generator that shuffles the training set every epoch.
    public var generator: Xoshiro256StarStar
    /// Whether training flushes subnormal numbers to zero (see
    /// ``Tensor/DenormalFlushing``): on by default, as in TensorFlow and JAX,
    /// because optimizer moments decaying through the subnormal range slow
    /// late epochs down by half.
    public var flushesDenormals = true
    /// The samples per batch in evaluation (inference only, so larger).
    public var evaluationBatchSize = 1024
    /// Epochs finished so far.
    public internal(set) var epochsCompleted = 0
    /// One record per finished epoch.
    public internal(set) var history = TrainingHistory()
    /// The best value of the early-stopping metric so far.
    public internal(set) var bestMetric: Double?
    /// The epoch (from 1) that reached ``bestMetric``.
    public internal(set) var bestEpoch = 0
    /// Epochs since ``bestMetric`` last improved.
    public internal(set) var epochsWithoutImprovement = 0
    /// The weights of ``bestEpoch``, kept when early stopping restores them.
    public internal(set) var bestParameters: [Scalar]?
    /// Whether the last ``fit`` ended by early stopping. When it did and
    /// ``EarlyStopping/restoresBestWeights`` is set, the model holds the
    /// weights of ``bestEpoch`` (the averaged ones with ``averaging``, whose
    /// average then restarts from them).
    public internal(set) var stoppedEarly = false

    /// A trainer for `model` with the rule `optimizer`, shuffling from
    /// `seed`.
    public init(
        model: Sequential<Scalar>, optimizer: OptimizerConfiguration, batchSize: Int = 128,
        seed: UInt64, averaging: PolyakAveraging<Scalar>.Kind? = nil,
        earlyStopping: EarlyStopping? = nil
    ) {
        precondition(batchSize > 0, "Trainer: batch size \(batchSize) must be positive")
        self.model = model
        self.optimizer = TrainingOptimizer(optimizer)
        self.batchSize = batchSize
        self.averaging = averaging.map { PolyakAveraging($0) }
        self.earlyStopping = earlyStopping
        self.generator = Xoshiro256StarStar(seed: seed)
    }

    /// Trains until `epochs` epochs are complete (counting those before a
    /// resume), early stopping says stop, or `onEpoch` returns `.stop`.
    ///
    /// - Parameters:
    ///   - onProgress: called after every batch (keep it cheap).
    ///   - onEpoch: called after every epoch with its record and the
    ///     trainer as it stands (a copy: its buffers are shared, not
    ///     duplicated); a checkpoint of it captures the state after that
    ///     epoch, so an interrupted run can resume from there.
    /// - Throws: ``TrainingError``; the model keeps its last good weights.
    // The training loop is generic over the scalar; without these it would
    // run unspecialized (protocol witnesses for every `*` and `+`, 50x
    // slower). DESIGN.md, principle 4.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @discardableResult
    public mutating func fit(
        training: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        onProgress: ((TrainingProgress) -> Void)? = nil,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl = { _, _ in .proceed }
    ) throws -> TrainingHistory {
        try DenormalFlushing.withFlushing(flushesDenormals || DenormalFlushing.isEnabled) {
            try fitEpochs(
                training: training, validation: validation, epochs: epochs, onProgress: onProgress,
                onEpoch: onEpoch)
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func fitEpochs(
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> TrainingHistory {
        if let earlyStopping, validation == nil,
            earlyStopping.metric == .validationLoss || earlyStopping.metric == .validationAccuracy
        {
            throw TrainingError.earlyStoppingNeedsValidation(earlyStopping.metric)
        }
        stoppedEarly = false
        var shuffler = EpochShuffler(training)
        let clock = ContinuousClock()
        while epochsCompleted < epochs {
            let epoch = epochsCompleted + 1
            shuffler.shuffle(using: &generator)
            let start = clock.now
            let learningRate = Double(optimizer.currentLearningRate)
            var (lossSum, correct, seen) = (0.0, 0, 0)
            for (index, batch) in shuffler.batches(size: batchSize).enumerated() {
                let loss: Scalar
                do {
                    loss = try model.lossAndGradient(batch.features, Targets(labels: batch.labels))
                } catch {
                    throw TrainingError.invalidData(error)
                }
                guard loss.isFinite else {
                    throw TrainingError.nonFiniteLoss(
                        epoch: epoch, step: index + 1, value: Double(loss))
                }
                guard BLAS.nrm2(model.gradient).isFinite else {
                    throw TrainingError.nonFiniteGradient(epoch: epoch, step: index + 1)
                }
                correct += model.correctPredictionsOfLastPass(labels: batch.labels)
                seen += batch.labels.count
                lossSum += Double(loss) * Double(batch.labels.count)
                optimizer.update(&model.parameters, along: model.gradient)
                averaging?.accumulate(model.parameters)
                onProgress?(
                    TrainingProgress(
                        epoch: epoch, epochs: epochs, samples: seen, totalSamples: training.count,
                        loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                        seconds: (clock.now - start).inSeconds))
            }
            let seconds = (clock.now - start).inSeconds
            let evaluation = try validation.map { try evaluate($0) }
            let record = EpochRecord(
                epoch: epoch, loss: lossSum / Double(Swift.max(seen, 1)),
                accuracy: Double(correct) / Double(Swift.max(seen, 1)),
                validationLoss: evaluation?.loss, validationAccuracy: evaluation?.accuracy,
                learningRate: learningRate, seconds: seconds,
                samplesPerSecond: Double(seen) / Swift.max(seconds, 1e-9))
            history.records.append(record)
            epochsCompleted = epoch
            let stopEarly = updateEarlyStopping(record)
            if try onEpoch(record, self) == .stop { break }
            if stopEarly {
                stoppedEarly = true
                break
            }
        }
        if stoppedEarly, earlyStopping?.restoresBestWeights == true, let bestParameters {
            model.parameters = bestParameters
            // The best weights were the evaluated ones (the average, if
            // any); restarting the average from them keeps evaluation on
            // exactly those weights.
            if let kind = averaging?.kind {
                averaging = PolyakAveraging(kind)
                averaging!.accumulate(bestParameters)
            }
        }
        return history
    }

    /// Loss and accuracy on `dataset`, with the averaged weights when
    /// ``averaging`` is set.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func evaluate(_ dataset: Dataset<Scalar>) throws -> (
        loss: Double, accuracy: Double
    ) {
        let batchSize = evaluationBatchSize
        return try withEvaluationWeights { model in
            do {
                return try model.evaluate(
                    dataset.features, labels: dataset.labels, batchSize: batchSize)
            } catch let error as NetworkError {
                throw TrainingError.invalidData(error)
            }
        }
    }

    /// Runs `body` on the model with the weights evaluation should use: the
    /// Polyak average when there is one, else the current weights.
    public mutating func withEvaluationWeights<R>(_ body: (inout Sequential<Scalar>) throws -> R)
        rethrows -> R
    {
        guard let averaging, averaging.count > 0 else { return try body(&model) }
        let current = model.parameters
        averaging.copyAverage(into: &model.parameters)
        defer { model.parameters = current }
        return try body(&model)
    }

    /// Records the epoch for early stopping; true when training should stop.
    mutating func updateEarlyStopping(_ record: EpochRecord) -> Bool {
        guard let earlyStopping, let value = earlyStopping.metric.value(in: record) else {
            return false
        }
        if earlyStopping.improves(value, on: bestMetric) {
            bestMetric = value
            bestEpoch = record.epoch
            epochsWithoutImprovement = 0
            if earlyStopping.restoresBestWeights {
                bestParameters = model.parameters
                if let averaging, averaging.count > 0 {
                    averaging.copyAverage(into: &bestParameters!)
                }
            }
            return false
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= earlyStopping.patience
    }

}
