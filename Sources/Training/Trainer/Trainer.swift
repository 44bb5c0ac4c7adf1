import Datasets
import Network
import Optimizers
import Reporting
import Tensor

/// Trains a `Sequential` model with a first-order rule on
/// shuffled mini-batches, epoch after epoch: validation after every epoch, a
/// history of the figures, early stopping, Polyak averaging, and a state that
/// a checkpoint captures completely (a resumed run continues exactly as an
/// uninterrupted one).
///
/// ```swift
/// var trainer = Trainer(model: model, optimizer: .adam(), batchSize: 128, seed: 1)
/// try trainer.fit(training: train, validation: validation, epochs: 20) { record, _ in
///     print(record.summary(epochCount: 20))
///     return .proceed
/// }
/// try trainer.fit(training: train, validation: validation, additionalEpochs: 5)
/// let probabilities = try trainer.predictProbabilities(test)  // with the averaged weights
/// ```
///
/// Evaluation and prediction (``evaluate(_:)``, ``predictClasses(_:)``,
/// ``predictProbabilities(_:)``) use ``evaluationModel``: the model with
/// the Polyak average of its weights when ``averaging`` is set.
///
/// ## Second-order methods
///
/// With a second-order configuration (``OptimizerConfiguration/lbfgs(historySize:batchSize:iterationsPerEpoch:)``,
/// ``OptimizerConfiguration/bfgs(iterationsPerEpoch:)``,
/// ``OptimizerConfiguration/conjugateGradient(_:iterationsPerEpoch:)``,
/// ``OptimizerConfiguration/hessianFree(damping:iterationsPerEpoch:)``,
/// ``OptimizerConfiguration/newton(iterationsPerEpoch:)``) ``fit(training:validation:epochs:onProgress:onEpoch:)`` minimizes
/// the loss of the whole training set (a ``NetworkObjective``, in inference
/// mode) with that method, and an epoch of the history is
/// ``OptimizerConfiguration/effectiveIterationsPerEpoch`` of its iterations
/// (10 by default for L-BFGS, BFGS and CG). Everything else works as with a
/// first-order rule: progress (by iteration), validation, records, early
/// stopping, `onEpoch` and checkpoints after every epoch. ``batchSize`` is
/// not used.
///
/// - The trainer owns the loop: it steps the method one iteration at a time
///   (`Minimizer.advance(_:_:)`) and ends an epoch every
///   ``OptimizerConfiguration/effectiveIterationsPerEpoch`` iterations. The
///   run, with its curvature memory (L-BFGS's pairs, BFGS's matrix, CG's
///   direction, Hessian-free's damping), is ``minimizerRun``: it carries
///   from epoch to epoch and from one `fit` to the next, and checkpoints
///   save it, so a resumed run takes the same iterates, to the bit, as one
///   that was never interrupted. A run that ended by itself, whose point is
///   no longer the model's weights, or whose gradient there the training
///   set no longer gives (other data, another thread count) starts afresh
///   from the weights.
/// - L-BFGS with ``OptimizerConfiguration/LBFGSOptions/batchSize`` smaller than the
///   training set draws a fresh random batch of that size every epoch from
///   ``generator`` (so the seed decides it, and a resume continues the
///   sequence), and restarts its memory on each batch: its pairs describe
///   the previous batch's loss.
/// - When the minimizer stops by itself (converged, line-search failure, a
///   non-finite value) training ends after recording the partial epoch, and
///   ``minimizationStatus`` says why. A stop request (``stopRequest``) stops
///   after the iteration in progress; the next `fit` finishes that epoch
///   (``minimizerEpochInProgress``).
/// - The loss must be deterministic: a model with dropout or input noise is
///   refused (``TrainingError/randomLayer(method:layer:)``), as are Polyak
///   averaging and, for Newton and BFGS, models above
///   ``OptimizerConfiguration/Kind/parameterLimit`` parameters.
public struct Trainer<Scalar: BLASScalar>: Sendable {
    /// The model being trained.
    public var model: Sequential<Scalar>
    /// The update rule and its state.
    public var optimizer: TrainingOptimizer<Scalar>
    /// Samples per update of a first-order rule (a second-order method
    /// uses the whole training set, or a large-batch L-BFGS
    /// ``OptimizerConfiguration/LBFGSOptions/batchSize``).
    public var batchSize: Int
    /// A running average of the weights, used for evaluation when set.
    public var averaging: PolyakAveraging<Scalar>?
    /// When to stop before the last epoch.
    public var earlyStopping: EarlyStopping?
    /// The generator that shuffles the training set every epoch (and draws
    /// L-BFGS's per-epoch batches). It is a concrete `Xoshiro256StarStar`,
    /// not any `RandomNumberGenerator`, because a checkpoint stores its four
    /// words of state: a resumed run then draws the same orders as an
    /// uninterrupted one (docs/ARCHITECTURE.md, principle 7).
    public var generator: Xoshiro256StarStar
    /// Whether training flushes subnormal numbers to zero (see
    /// `DenormalFlushing`): on by default, as in TensorFlow and JAX,
    /// because optimizer moments decaying through the subnormal range slow
    /// late epochs down by half.
    public var flushesDenormals = true
    /// The samples per batch in evaluation (inference only, so larger).
    public var evaluationBatchSize = 1024
    /// The most threads a pass may use (see ``ThreadPlan``); by default
    /// OpenBLAS's thread count when the trainer was made (all cores unless
    /// `OPENBLAS_NUM_THREADS` or `BLAS.threadCount` says otherwise;
    /// `--threads` on the command line).
    public var threadBudget: Int = BLAS.threadCount
    /// Whether a step across processes starts summing each layer's gradient
    /// as soon as backpropagation completes it (the default), or sums the
    /// whole gradient after the pass: a switch for measuring what the
    /// overlap hides (``communicationTime``). The two agree to rounding.
    public var overlapsCommunication = true
    /// Whether the members of a group share each step's update, each
    /// applying the rule and the Polyak blend to its own part of the
    /// parameters and sending it to the others (the default; see
    /// `SharedUpdate`, the partitioned update of ZeRO's stage 1), or each apply all of it. The
    /// parameters are the same bits either way; with a rule that clips by
    /// norm every member applies all of it.
    public var sharesUpdate = true
    /// Where the steps of ``fit(training:validation:epochs:across:onProgress:onEpoch:)``
    /// spent their time communicating; not saved in checkpoints.
    public var communicationTime = CommunicationTime()
    /// A request to stop after the current step (Ctrl-C, a scheduler's
    /// time limit, another thread), looked at after every step; not saved
    /// in checkpoints. See ``StopRequest``.
    public var stopRequest: StopRequest?
    /// Epochs finished so far.
    public internal(set) var epochsCompleted = 0
    /// Where the epoch after ``epochsCompleted`` stopped when ``stopRequest``
    /// ended a first-order `fit` in its middle; the next `fit` finishes that
    /// epoch first, exactly as an uninterrupted run would have (see
    /// ``EpochProgress``). Saved in checkpoints.
    public internal(set) var epochInProgress: EpochProgress?
    /// Whether the last `fit` ended because ``stopRequest`` was made: after
    /// the step in progress (with ``epochInProgress`` set when the epoch was
    /// not finished), or after the iteration in progress of a second-order
    /// method (with ``minimizerEpochInProgress`` set).
    public internal(set) var stoppedOnRequest = false
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
    /// Whether the last `fit` ended by early stopping. When it did and
    /// ``EarlyStopping/restoresBestWeights`` is set, the model holds the
    /// weights of ``bestEpoch`` (the averaged ones with ``averaging``, whose
    /// average then restarts from them).
    public internal(set) var stoppedEarly = false
    /// How the minimizer of the last `fit` stopped by itself (converged, a
    /// line-search failure, a non-finite value); `nil` when training ran all
    /// its epochs, stopped early or by `onEpoch`, or used a first-order rule.
    /// `MinimizationStatus.sentence` tells it in a sentence.
    public internal(set) var minimizationStatus: MinimizationStatus?
    /// The second-order run between two iterations (its iterate, counts and
    /// curvature memory), which the next `fit` continues and checkpoints
    /// save; `nil` for a first-order rule or before the first `fit`.
    public internal(set) var minimizerRun: (any MinimizationRun<Scalar>)?
    /// Where a second-order epoch stopped when ``stopRequest`` ended `fit`
    /// after one of its iterations; the next `fit` finishes that epoch with
    /// ``minimizerRun``, exactly as an uninterrupted run would have. Saved
    /// in checkpoints.
    public internal(set) var minimizerEpochInProgress: MinimizerEpochProgress?

    /// A trainer for `model` with the rule `optimizer`, shuffling from
    /// `Xoshiro256StarStar(seed: seed)`.
    ///
    /// - Parameters:
    ///   - model: the model to train; ``model`` holds it as training goes.
    ///   - optimizer: the update rule or second-order method and its settings.
    ///   - batchSize: samples per update of a first-order rule.
    ///   - seed: the seed of ``generator``: the same seed, model and data
    ///     give the same run.
    ///   - averaging: the Polyak average kept for evaluation, if any.
    ///   - earlyStopping: when to stop before the last epoch, if ever.
    public init(
        model: Sequential<Scalar>, optimizer: OptimizerConfiguration, batchSize: Int = 128,
        seed: UInt64, averaging: PolyakAveraging<Scalar>.Kind? = nil,
        earlyStopping: EarlyStopping? = nil
    ) {
        require(batchSize > 0, "Trainer: batch size \(batchSize) must be positive")
        self.model = model
        self.optimizer = TrainingOptimizer(optimizer)
        self.batchSize = batchSize
        self.averaging = averaging.map { PolyakAveraging($0) }
        self.earlyStopping = earlyStopping
        self.generator = Xoshiro256StarStar(seed: seed)
    }

    /// A trainer for `model` with the rule `optimizer`, whose ``generator``
    /// is seeded from one draw of `generator` (the package's randomness
    /// convention, as in `Sequential.init(inputs:layers:loss:initializer:regularization:using:)`
    /// and the data sets): the same generator in the same state gives the
    /// same run. The other parameters are those of
    /// ``init(model:optimizer:batchSize:seed:averaging:earlyStopping:)``.
    public init(
        model: Sequential<Scalar>, optimizer: OptimizerConfiguration, batchSize: Int = 128,
        averaging: PolyakAveraging<Scalar>.Kind? = nil, earlyStopping: EarlyStopping? = nil,
        using generator: inout some RandomNumberGenerator
    ) {
        self.init(
            model: model, optimizer: optimizer, batchSize: batchSize, seed: generator.next(),
            averaging: averaging, earlyStopping: earlyStopping)
    }

    /// Trains until `epochs` epochs are complete (counting those before a
    /// resume), early stopping says stop, or `onEpoch` returns `.stop`.
    ///
    /// A trailing closure is `onEpoch`:
    ///
    /// ```swift
    /// try trainer.fit(training: train, epochs: 5) { record, trainer in
    ///     print(record.summary(epochCount: 5))
    ///     return .proceed
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - training: the samples trained on.
    ///   - validation: the samples evaluated after every epoch, if any.
    ///   - epochs: the epoch to train to, counting those before a resume
    ///     (``fit(training:validation:additionalEpochs:onProgress:onEpoch:)``
    ///     counts from ``epochsCompleted`` instead).
    ///   - onProgress: called after every batch, or every iteration of a
    ///     second-order method (keep it cheap).
    ///   - onEpoch: called after every epoch with its record and the
    ///     trainer as it stands (a copy: its buffers are shared, not
    ///     duplicated); a checkpoint of it captures the state after that
    ///     epoch, so an interrupted run can resume from there. `.stop` ends
    ///     training after that epoch.
    /// - Returns: ``history``: every epoch's record, those before a resume
    ///   included.
    /// - Throws: ``TrainingError``; the model keeps its last good weights.
    // The training loop is generic over the scalar; without these it would
    // run unspecialized (protocol witnesses for every `*` and `+`, 50x
    // slower). docs/ARCHITECTURE.md, principle 4.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @discardableResult
    public mutating func fit(
        training: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        onProgress: ((TrainingProgress) -> Void)? = nil,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> TrainingHistory {
        try fitEpochs(
            training: training, validation: validation, epochs: epochs, group: nil,
            onProgress: onProgress, onEpoch: onEpoch)
    }

    /// Trains until `epochs` epochs are complete (counting those before a
    /// resume) or early stopping says stop:
    /// ``fit(training:validation:epochs:onProgress:onEpoch:)`` without a
    /// per-epoch callback.
    ///
    /// `onEpoch` is a separate overload rather than a parameter with a
    /// default, so that a trailing closure binds to it: with both callbacks
    /// optional, Swift's forward scan gave a trailing closure to
    /// `onProgress`, and `{ record, trainer in ... }` did not compile.
    ///
    /// - Parameters:
    ///   - training: the samples trained on.
    ///   - validation: the samples evaluated after every epoch, if any.
    ///   - epochs: the epoch to train to, counting those before a resume.
    ///   - onProgress: called after every batch, or every iteration of a
    ///     second-order method (keep it cheap).
    /// - Returns: ``history``: every epoch's record.
    /// - Throws: ``TrainingError``; the model keeps its last good weights.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @discardableResult
    public mutating func fit(
        training: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        onProgress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fitEpochs(
            training: training, validation: validation, epochs: epochs, group: nil,
            onProgress: onProgress, onEpoch: { _, _ in .proceed })
    }

    /// Trains `additionalEpochs` more epochs than ``epochsCompleted`` (fewer
    /// if early stopping says stop or `onEpoch` returns `.stop`): on a new
    /// trainer, `additionalEpochs` epochs; after a resume or an earlier
    /// `fit`, that many beyond them. The same as
    /// ``fit(training:validation:epochs:onProgress:onEpoch:)`` with
    /// `epochs: epochsCompleted + additionalEpochs`; a trailing closure is
    /// `onEpoch`.
    ///
    /// - Parameters:
    ///   - training: the samples trained on.
    ///   - validation: the samples evaluated after every epoch, if any.
    ///   - additionalEpochs: how many epochs to add, at least 0.
    ///   - onProgress: called after every batch, or every iteration of a
    ///     second-order method.
    ///   - onEpoch: called after every epoch with its record and the
    ///     trainer; `.stop` ends training after that epoch.
    /// - Returns: ``history``, the earlier epochs' records included.
    /// - Throws: ``TrainingError``; the model keeps its last good weights.
    @discardableResult
    public mutating func fit(
        training: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, additionalEpochs: Int,
        onProgress: ((TrainingProgress) -> Void)? = nil,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> TrainingHistory {
        require(
            additionalEpochs >= 0,
            "Trainer.fit: additionalEpochs \(additionalEpochs) must not be negative")
        return try fit(
            training: training, validation: validation,
            epochs: epochsCompleted + additionalEpochs, onProgress: onProgress, onEpoch: onEpoch)
    }

    /// ``fit(training:validation:additionalEpochs:onProgress:onEpoch:)``
    /// without a per-epoch callback: `additionalEpochs` more epochs than
    /// ``epochsCompleted``, fewer if early stopping says stop.
    ///
    /// - Parameters:
    ///   - training: the samples trained on.
    ///   - validation: the samples evaluated after every epoch, if any.
    ///   - additionalEpochs: how many epochs to add, at least 0.
    ///   - onProgress: called after every batch, or every iteration of a
    ///     second-order method.
    /// - Returns: ``history``, the earlier epochs' records included.
    /// - Throws: ``TrainingError``; the model keeps its last good weights.
    @discardableResult
    public mutating func fit(
        training: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, additionalEpochs: Int,
        onProgress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fit(
            training: training, validation: validation, additionalEpochs: additionalEpochs,
            onProgress: onProgress, onEpoch: { _, _ in .proceed })
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func fitEpochs(
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        group: (any Communicator)?, onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> TrainingHistory {
        try checkFits(training, role: "training")
        if let validation { try checkFits(validation, role: "validation") }
        return try DenormalFlushing.withFlushing(flushesDenormals || DenormalFlushing.isEnabled) {
            if let earlyStopping, validation == nil, earlyStopping.metric.isValidation {
                throw TrainingError.earlyStoppingNeedsValidation(earlyStopping.metric)
            }
            stoppedEarly = false
            stoppedOnRequest = false
            minimizationStatus = nil
            if optimizer.configuration.kind.isSecondOrder {
                try minimizeEpochs(
                    training: training, validation: validation, epochs: epochs, group: group,
                    onProgress: onProgress, onEpoch: onEpoch)
                restoreBestWeightsIfStoppedEarly()
                return history
            }
            // Across a group, each member's part of a batch.
            let batchRows = group.map { (batchSize + $0.size - 1) / $0.size } ?? batchSize
            let plan = trainingPlan(batchRows: min(batchRows, max(1, training.count)))
            let sharing = try group.flatMap { try updateSharing(across: $0, workers: plan.shards) }
            optimizer.partition(into: sharing?.partCount ?? plan.shards)
            return try plan.withBLASThreads {
                let pass = ShardedPass(
                    model: model, capacity: max(batchSize, evaluationBatchSize),
                    workers: plan.shards)
                if let group {
                    try trainEpochs(
                        share: training, validation: validation, epochs: epochs, group: group,
                        pass: pass, sharing: sharing, onProgress: onProgress, onEpoch: onEpoch)
                } else {
                    try trainEpochs(
                        training: training, validation: validation, epochs: epochs, pass: pass,
                        onProgress: onProgress, onEpoch: onEpoch)
                }
                restoreBestWeightsIfStoppedEarly()
                return history
            }
        }
    }

    /// Completes `record` with the validation figures (and marks it a
    /// regression's when `training` has real-valued targets), appends it to
    /// the history, reports the validation loss (the training loss without
    /// validation) to a reduce-on-plateau schedule, updates early stopping
    /// and calls `onEpoch`; true when training should stop.
    mutating func finishEpoch(
        _ record: EpochRecord, training: Dataset<Scalar>, validation: Dataset<Scalar>?,
        pass: ShardedPass<Scalar>? = nil, group: (any Communicator)? = nil,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> Bool {
        var record = record
        if let validation {
            let evaluation = try evaluate(validation, pass: pass, group: group)
            record.validationLoss = evaluation.loss
            if validation.isRegression {
                record.recordValidation(
                    try regressionMetrics(validation, pass: pass, group: group))
            } else {
                record.validationAccuracy = evaluation.accuracy
            }
        }
        // Set only for regression (after its metrics, which say it too), so
        // that classification records code as before.
        if training.isRegression { record.isRegression = true }
        history.records.append(record)
        epochsCompleted = record.epoch
        optimizer.observeEpoch(record.validationLoss ?? record.loss)
        let stopEarly = updateEarlyStopping(record)
        if try onEpoch(record, self) == .stop { return true }
        if stopEarly { stoppedEarly = true }
        return stopEarly
    }

    /// Puts the best epoch's weights back after early stopping, when asked.
    mutating func restoreBestWeightsIfStoppedEarly() {
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
    }

    /// The model with the weights evaluation and prediction use: ``model``
    /// with the Polyak average of its weights when ``averaging`` is set and
    /// has averaged at least one step, else ``model`` itself.
    ///
    /// A copy (its `Sequential.parameters` are a new array when
    /// averaged): use it for inference, or save it alone with
    /// ``ModelCheckpoint`` (``TrainingCheckpoint/modelCheckpoint`` does).
    public var evaluationModel: Sequential<Scalar> {
        guard let averaging, averaging.count > 0 else { return model }
        var model = self.model
        averaging.copyAverage(into: &model.parameters)
        return model
    }

    /// Loss and accuracy on `dataset` with ``evaluationModel`` (the
    /// averaged weights when ``averaging`` is set), in batches of
    /// ``evaluationBatchSize`` split over the threads
    /// ``ThreadPlan/inference(rows:parameters:budget:)`` chooses within
    /// ``threadBudget`` (`Sequential.evaluate(_:batchSize:threadBudget:)`).
    /// The mean is summed batch by batch in order, so the result does not
    /// depend on the thread count beyond the rounding of each batch.
    ///
    /// - Throws: ``TrainingError/featureCountMismatch(role:found:expected:)``,
    ///   ``TrainingError/tooManyClasses(role:found:modelClasses:)``, or
    ///   ``TrainingError/invalidData(_:)`` for a label out of range.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate(_ dataset: Dataset<Scalar>) throws -> (loss: Double, accuracy: Double) {
        try evaluate(dataset, pass: nil, group: nil)
    }

    /// ``evaluate(_:)`` on the workers of `pass`, or on a new set of them;
    /// over every member's share when `group` is given.
    func evaluate(
        _ dataset: Dataset<Scalar>, pass: ShardedPass<Scalar>?, group: (any Communicator)?
    ) throws -> (loss: Double, accuracy: Double) {
        try checkFits(dataset, role: "evaluation")
        var sums = try evaluationModel.inferenceSums(
            dataset, on: pass, batchSize: evaluationBatchSize, threadBudget: threadBudget)
        if let group { sums = try group.allreduceSum(sums) }
        return Sequential<Scalar>.lossAndAccuracy(of: sums)
    }

    /// MSE, MAE and R² per output of ``evaluationModel`` on a regression
    /// `dataset`, in the targets' original units (see
    /// `Sequential.regressionMetrics(_:batchSize:threadBudget:)`).
    ///
    /// - Throws: as ``evaluate(_:)``, and
    ///   ``TrainingError/notRegressionData(role:)`` for class labels.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func regressionMetrics(_ dataset: Dataset<Scalar>) throws -> RegressionMetrics {
        try regressionMetrics(dataset, pass: nil, group: nil)
    }

    /// ``regressionMetrics(_:)`` on the workers of `pass`, over every
    /// member's share when `group` is given.
    func regressionMetrics(
        _ dataset: Dataset<Scalar>, pass: ShardedPass<Scalar>?, group: (any Communicator)?
    ) throws -> RegressionMetrics {
        try checkFits(dataset, role: "evaluation")
        var sums = try evaluationModel.regressionSums(
            dataset, on: pass, batchSize: evaluationBatchSize, threadBudget: threadBudget)
        if let group {
            sums = RegressionSums(
                flattened: try group.allreduceSum(sums.flattened), outputCount: sums.outputCount)
        }
        return RegressionMetrics(sums)
    }

    /// The predicted class of every sample of `dataset`, in order, with
    /// ``evaluationModel`` (see `Sequential.predictClasses(_:)`),
    /// in batches of ``evaluationBatchSize`` split over the threads
    /// ``ThreadPlan/inference(rows:parameters:budget:)`` chooses: only one
    /// batch of features is ever converted, whatever the size of the data
    /// set.
    ///
    /// - Returns: `dataset.count` classes.
    /// - Throws: as ``evaluate(_:)``; ``TrainingError/invalidData(_:)`` when
    ///   a label of `dataset` is not a class of the model (the pass checks
    ///   the labels).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictClasses(_ dataset: Dataset<Scalar>) throws -> [Int] {
        try checkFits(dataset, role: "prediction")
        return try evaluationModel.predictClasses(
            dataset, batchSize: evaluationBatchSize, threadBudget: threadBudget)
    }

    /// The predictions for every sample of `dataset`, in order, with
    /// ``evaluationModel``: softmax probabilities for
    /// `Loss.softmaxCrossEntropy`, the sigmoid probability of
    /// class 1 for `Loss.binaryCrossEntropy`, the outputs
    /// themselves for the regression losses (see
    /// `Sequential.predictProbabilities(_:)`), in batches as
    /// ``predictClasses(_:)``.
    ///
    /// - Returns: a `dataset.count x` `Sequential.outputWidth`
    ///   matrix, one row per sample.
    /// - Throws: as ``predictClasses(_:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictProbabilities(_ dataset: Dataset<Scalar>) throws -> Matrix<Scalar> {
        try checkFits(dataset, role: "prediction")
        return try evaluationModel.predictProbabilities(
            dataset, batchSize: evaluationBatchSize, threadBudget: threadBudget)
    }

    /// Throws when `dataset` cannot go through the model: its samples have
    /// another number of features than the model's inputs, or it has more
    /// classes than the model predicts. Data comes from files, so these are
    /// errors to report, not programmer errors (docs/ARCHITECTURE.md,
    /// principle 6); `role` names the set in the message.
    func checkFits(_ dataset: Dataset<Scalar>, role: String) throws(TrainingError) {
        try model.checkFits(dataset, role: role)
    }

    /// Runs `body` on the model with the weights evaluation should use: the
    /// Polyak average when there is one, else the current weights; the
    /// current weights are back in ``model`` afterwards. ``evaluationModel``
    /// gives the same model as a copy, without `mutating`.
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
