import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-train train`: builds a model (or resumes one), trains it with
/// validation every epoch, and reports the test accuracy and confusion
/// matrix, or for a regression the test MSE, MAE and R² per target.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model and report its test accuracy (a regression: its MSE, MAE and R²).",
        discussion: """
            A regression loss (--loss mse or l1) trains on real-valued targets of a CSV file: \
            the --label-column, or every --target-columns column (one output each). The targets \
            are standardized with the training part's statistics, which the checkpoint keeps, \
            so the figures and predict's values are in the targets' own units.

            Ctrl-C (SIGINT) or SIGTERM stops training after the current step: the checkpoint \
            (--output) is written, and the run exits with 130 or 143; --resume continues \
            inside the stopped epoch. A second Ctrl-C quits at once, without saving.
            """)

    @OptionGroup var data: DataOptions

    // Options a resumed run cannot change are optional, so that `--resume`
    // can tell a given value from a default (TrainCommand+Resume.swift);
    // the properties without `Given` are the values in effect.
    @Option(
        name: .customLong("layers"),
        help: "Hidden layer widths, comma-separated (default: 512,256; 32,32 for the synthetic 2-D sets).")
    var layersGiven: String?
    @Option(
        name: .customLong("activation"),
        help: "Hidden activation: relu, leaky-relu, tanh, sigmoid, hard-tanh, identity or sign (default: relu).")
    var activationGiven: String?
    @Option(
        name: .customLong("loss"),
        help: """
            Loss: cross-entropy (softmax over the classes), binary-cross-entropy (one sigmoid output \
            for 2 classes), or for a regression of real-valued CSV targets mse or l1 \
            (default: cross-entropy; mse with --target-columns).
            """)
    var lossGiven: String?
    @Option(
        name: .customLong("initializer"),
        help:
            "Weight initialization: default (He for ReLU, Glorot otherwise), small, xavier, xavier-uniform, lecun, he."
    )
    var initializerGiven: String?

    @Option(
        name: .customLong("optimizer"),
        help: """
            First-order rule: \(OptimizerConfiguration.Kind.allCases.filter { !$0.isSecondOrder }.map(\.rawValue).joined(separator: ", ")); \
            or second-order method on the full batch: \(OptimizerConfiguration.Kind.allCases.filter(\.isSecondOrder).map(\.rawValue).joined(separator: ", ")) \
            (default: adam; lbfgs with --loss mse).
            """
    )
    var optimizerGiven: String?
    @OptionGroup var secondOrder: SecondOrderOptions
    @Option(
        parsing: .unconditional,
        help: "Initial learning rate, at least 0 (default: the rule's own, e.g. adam 0.001, sgd 0.01).")
    var learningRate: Double?
    @Option(
        parsing: .unconditional,
        help: "Momentum in [0, 1) (momentum, nesterov, nesterov-rmsprop; default: 0.9).")
    var momentum: Double?
    @Option(parsing: .unconditional, help: "Adam's first-moment decay, in [0, 1) (default: 0.9).")
    var beta1: Double?
    @Option(parsing: .unconditional, help: "Adam's second-moment decay, in [0, 1) (default: 0.999).")
    var beta2: Double?
    @Option(
        parsing: .unconditional,
        help: "adamw's decoupled weight decay: each update shrinks the weights by rate x this, at least 0 (default: 0.01).")
    var weightDecay: Double?
    @Option(
        parsing: .unconditional,
        help: "Decay of the squared-gradient average, in [0, 1) (default: 0.9 for rmsprop and nesterov-rmsprop, 0.95 for adadelta).")
    var rho: Double?
    @Option(
        name: .customLong("schedule"),
        help: """
            Learning-rate schedule: constant (the default), exponential:A or inverse:A (A >= 0), \
            step:FACTOR:EVERY (times FACTOR > 0 every EVERY >= 1 updates); \
            cosine:K[:MIN], down to MIN times the rate over K >= 1 updates, then flat; \
            plateau:FACTOR:PATIENCE[:MIN], times FACTOR in (0, 1) after PATIENCE >= 1 epochs \
            without a lower validation loss (training loss without validation), not below MIN times the rate. \
            MIN is in [0, 1] (default: 0). A warmup:W+ prefix ramps the rate up linearly over the first \
            W >= 1 updates, (k+1)/W at update k, e.g. warmup:500+cosine:20000.
            """)
    var scheduleGiven: String?
    @Option(help: "Clip each gradient component into MIN:MAX, MIN < MAX (default: no clipping).")
    var clipValue: String?
    @Option(help: "Scale the gradient down to this norm when longer, > 0 (default: no clipping).")
    var clipNorm: Double?
    @Option(
        help: """
            Polyak averaging for evaluation: none, uniform, geometric:BETA, exponential:BETA \
            (default: exponential:0.999; none with a second-order method).
            """)
    var averaging: String?

    @Option(
        help: """
            Samples per update (default: 128); with lbfgs, a large batch drawn afresh \
            every epoch (default: the whole training set).
            """)
    var batchSize: Int?
    @Option(help: "Epochs to train, at least 1 (in all, counting those before --resume).")
    var epochs: Int = 20
    @Option(
        help: "Dropout rate after each hidden layer, in [0, 1) (default: 0.2; 0 with a second-order method or a synthetic 2-D set).")
    var dropout: Double?
    @Option(name: .customLong("l1"), parsing: .unconditional, help: "L1 penalty on the weights, at least 0 (default: 0).")
    var l1Given: Double?
    @Option(name: .customLong("l2"), parsing: .unconditional, help: "L2 penalty on the weights, at least 0 (default: 0).")
    var l2Given: Double?
    @Option(
        name: .customLong("input-noise"), parsing: .unconditional,
        help: "Standard deviation of Gaussian noise on the inputs in training, at least 0 (default: 0).")
    var inputNoiseGiven: Double?
    @Flag(
        name: .customLong("standardize"), inversion: .prefixedNo,
        help: "Standardize features with the training set's statistics (default: on).")
    var standardizeGiven: Bool?

    @Option(help: "Fraction of the training set held out for validation, in [0, 1).") var validationFraction:
        Double = 0.1
    @Flag(help: "Stop when the monitored metric stops improving.") var earlyStopping = false
    @Option(
        help: "With --early-stopping: the metric, val_loss, val_accuracy, loss or accuracy; for a regression val_r2, val_mse or val_mae in place of the accuracies (default: val_loss).")
    var monitor: String?
    @Option(help: "With --early-stopping: epochs without improvement before stopping, at least 1 (default: 5).")
    var patience: Int?
    @Option(
        parsing: .unconditional,
        help: "With --early-stopping: the smallest change that counts as an improvement, at least 0 (default: 0).")
    var minimumDelta: Double?

    @Option(name: .customLong("precision"), help: "float or double (default: float).")
    var precisionGiven: String?
    @Option(
        help:
            "How many threads to use, at least 1 (default: all cores). A large batch is split into parts that the threads compute side by side; a small one is computed as a whole, with OpenBLAS using the threads inside each matrix product."
    )
    var threads: Int?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Under perceptron-train-mpi: sum each layer's gradient across the processes while the layers below are still being differentiated."
    )
    var overlapCommunication = true

    @Flag(
        inversion: .prefixedNo,
        help:
            "Under perceptron-train-mpi: each process applies the update to its own part of the parameters and sends it to the others, rather than every process applying all of it (the same weights either way)."
    )
    var shareUpdate = true

    @Option(
        name: .customLong("output"),
        help: "Write the trained model (safetensors) here; also after every epoch (default: with --resume: the resumed file).")
    var outputGiven: String?
    @Option(help: "Resume from this checkpoint: its model, optimizer and data options; the learning rate, batch size, patience and epochs may change.")
    var resume: String?
    @Option(
        help: "Also write the checkpoint of the best epoch so far here, judged by --monitor (default: val_loss, or loss without a validation set); no early stopping needed.")
    var saveBest: String?
    @Option(
        help: "Write the per-epoch history (loss, accuracy, validation, rate, time; a regression's validation MSE, MAE and R² in place of the accuracies) as CSV here.")
    var history: String?
    @Option(
        help: "Write the final test figures as JSON here (loss, accuracy, confusion matrix, per-class precision, recall and F1; a regression's MSE, MAE and R², per target).")
    var metrics: String?
    @Flag(help: "Print only the final test line: no summary, progress, epoch lines, confusion matrix or per-target table.")
    var quiet = false
    @Flag(
        name: .customLong("confusion-matrix"), inversion: .prefixedNo,
        help: "Print the test set's confusion matrix, for a classification (default: on).")
    var showsConfusionMatrix = true
    @Option(help: "Write the loss and accuracy curves (a regression's loss, R², MSE and MAE) as an SVG image here.")
    var plot: String?

    func validate() throws {
        if let batchSize, batchSize <= 0 {
            throw ValidationError("--batch-size must be positive")
        }
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        if let dropout, !(0..<1).contains(dropout) {
            throw ValidationError("--dropout must be in [0, 1)")
        }
        guard l1 >= 0, l2 >= 0, inputNoise >= 0 else {
            throw ValidationError("--l1, --l2 and --input-noise must not be negative")
        }
        guard validationFraction >= 0 && validationFraction < 1 else {
            throw ValidationError("--validation-fraction must be in [0, 1)")
        }
        try checkEarlyStoppingOptions()
        guard Precision(rawValue: precision) != nil else {
            throw ValidationError("--precision: '\(precision)'; expected float or double")
        }
        _ = try hiddenWidths()
        _ = try hiddenActivation()
        _ = try lossFunction()
        // A resumed run's data set and loss are the checkpoint's (prepare).
        try checkRegressionOptions()
        _ = try weightInitializer()
        _ = try optimizerConfiguration()
        _ = try averagingKind(Double.self)
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if PerceptronTrain.reports { try checkOutputPaths() }
    }

    mutating func run() throws {
        noteThreadCount()
        // Installed first, so that Ctrl-C while the data loads also stops
        // cleanly (before the first step).
        let stop = try StopRequest.onStopSignals(
            notice: PerceptronTrain.reports ? Self.stopNotice : "")
        if let threads { BLAS.threadCount = threads }
        if let resume {
            let file = try SafeTensors(contentsOf: URL(fileURLWithPath: resume))
            data = try data.filled(from: TrainingCheckpoint<Float>.dataOptions(of: file))
            switch TrainingCheckpoint<Float>.scalarType(of: file) {
            case "Double": try train(Double.self, resuming: file, stop: stop)
            default: try train(Float.self, resuming: file, stop: stop)
            }
        } else {
            switch Precision(rawValue: precision)! {
            case .float: try train(Float.self, resuming: nil, stop: stop)
            case .double: try train(Double.self, resuming: nil, stop: stop)
            }
        }
        // A stop signal that came after the last step: the work is done,
        // but the caller asked the process to end, and its status says so.
        if let signal = stop.signal { throw ExitCode(128 + signal) }
    }

    func train<Scalar: BLASScalar>(_: Scalar.Type, resuming file: SafeTensors?, stop: StopRequest)
        throws
    {
        let loadStart = ContinuousClock.now
        let group = PerceptronTrain.group
        let reports = PerceptronTrain.reports
        var (trainingSet, validationSet, test, checkpoint, format) = try prepare(
            Scalar.self, resuming: file, group: group)
        let changes = resume != nil ? try applyResumeChanges(to: &checkpoint.trainer) : []
        // Only one process prints and writes; --quiet keeps the final line.
        let speaks = reports && !quiet
        if speaks {
            print(checkpoint.trainer.model.summary)
            if let coreType = BLAS.recommendedCoreType {
                print(
                    "note: OpenBLAS does not recognize this CPU and runs its generic \(BLAS.coreName) kernels; "
                        + "OPENBLAS_CORETYPE=\(coreType) selects faster ones (scripts/run sets it)")
            }
        }
        let counts = try globalCounts(
            [trainingSet.count, validationSet?.count ?? 0, test.count], across: group)
        let processes = group.map { ", \($0.size) processes" } ?? ""
        if speaks {
            print(
                "training on \(counts[0]) samples, validating on \(counts[1]), testing on \(counts[2]); "
                    + "\(methodDescription(checkpoint.trainer, trainingCount: counts[0])), \(Scalar.self)\(processes), \(checkpoint.trainer.threadBudget) thread(s)"
                    + (format.map { "; \($0)" } ?? "")
                    + String(format: "; data loaded in %.1f s", seconds(since: loadStart)))
            if let resume {
                print(
                    "resuming \(resume) "
                        + (checkpoint.trainer.stoppedEpochSentence
                            ?? "after epoch \(checkpoint.trainer.epochsCompleted)")
                        + (changes.isEmpty ? "" : "; changed: " + changes.joined(separator: ", ")))
            }
        }

        var bar = ProgressBar<StandardOutput>()
        var best = BestEpoch(
            metric: monitor != nil ? try monitoredMetric() : validationSet != nil ? .validationLoss : .loss)
        let trainingStart = ContinuousClock.now
        var trainer = checkpoint.trainer
        trainer.overlapsCommunication = overlapCommunication
        trainer.sharesUpdate = shareUpdate
        trainer.stopRequest = stop
        let regression = trainingSet.isRegression
        let onProgress = { (progress: TrainingProgress) in
            guard speaks else { return }
            _ = bar.update(
                ProgressState(
                    epoch: progress.epoch, epochCount: progress.epochs,
                    samplesDone: progress.samples,
                    sampleCount: progress.totalSamples, elapsedSeconds: progress.seconds,
                    loss: progress.loss, accuracy: regression ? nil : progress.accuracy,
                    unit: progress.unit))
        }
        let onEpoch = { (record: EpochRecord, current: Trainer<Scalar>) throws -> TrainingControl in
            guard reports else { return .proceed }
            if speaks {
                bar.clear()
                print(record.summary(epochCount: epochs))
            }
            if let saveBest, best.improves(on: record) {
                var snapshot = checkpoint
                snapshot.trainer = current
                try snapshot.write(to: URL(fileURLWithPath: saveBest))
            }
            if let output {
                var snapshot = checkpoint
                snapshot.trainer = current
                try snapshot.write(to: URL(fileURLWithPath: output))
            }
            return .proceed
        }
        if let group {
            try trainer.fit(
                training: trainingSet, validation: validationSet, epochs: epochs, across: group,
                onProgress: onProgress, onEpoch: onEpoch)
        } else {
            try trainer.fit(
                training: trainingSet, validation: validationSet, epochs: epochs,
                onProgress: onProgress, onEpoch: onEpoch)
        }
        let trainingSeconds = seconds(since: trainingStart)
        checkpoint.trainer = trainer
        if trainer.stoppedOnRequest {
            bar.clear()
            try reportStop(checkpoint, signal: stop.signal, trainingSeconds: trainingSeconds)
        }
        let result =
            try group.map { try trainer.evaluate(test, across: $0) } ?? trainer.evaluate(test)
        // A regression's MSE, MAE and R², or a classification's confusion matrix.
        let figures = try regression ? regressionMetrics(trainer: trainer, test: test, across: group) : nil
        let confusion = try regression ? nil : confusionMatrix(trainer: &trainer, test: test, across: group)
        guard reports else { return }
        if let metrics, let figures {
            try RegressionTestMetrics(
                loss: result.loss, metrics: figures, samples: counts[2],
                targetNames: checkpoint.targetNames, epochs: trainer.epochsCompleted,
                trainingSeconds: trainingSeconds
            ).write(to: metrics)
        } else if let metrics, let confusion {
            try TestMetrics(
                loss: result.loss, accuracy: result.accuracy, confusion: confusion,
                classNames: classNames(checkpoint.classNames, forClassCount: confusion.classCount),
                epochs: trainer.epochsCompleted, trainingSeconds: trainingSeconds
            ).write(to: metrics)
        }
        // The final state (after early stopping's restore) is what is kept.
        try writeFinalFiles(checkpoint)
        let testLine =
            figures.map { regressionLine(loss: result.loss, $0, prefix: "test ") }
            ?? String(format: "test loss %.4f, test accuracy %.4f", result.loss, result.accuracy)
        guard speaks else {
            print(testLine)
            return
        }
        if trainer.stoppedEarly {
            print(
                "early stopping: no improvement of \(trainer.earlyStopping!.metric.rawValue) for \(trainer.earlyStopping!.patience) epochs; best epoch \(trainer.bestEpoch)"
            )
        }
        if let status = trainer.minimizationStatus { print(status.sentence) }
        print(String(format: "training time %.1f s", trainingSeconds))
        if group != nil && trainer.communicationTime.steps > 0 {
            print(trainer.communicationTime.summary)
        }
        print(testLine)
        if let saveBest, let epoch = best.epoch {
            print("best epoch \(epoch) by \(best.metric.rawValue) saved to \(saveBest)")
        }
        if let figures {
            print(figures.table(targetNames: checkpoint.targetNames))
        } else if let confusion, showsConfusionMatrix {
            print(confusion.table(classNames: classNames(checkpoint.classNames, forClassCount: confusion.classCount)))
        }
    }
}
