import ArgumentParser
import Perceptron

// `train --resume`: the checkpoint fixes the model and its optimizer; the
// options that describe them are refused when they say otherwise, and the
// ones a run can change between epochs are applied and shown.

extension TrainCommand {
    /// Refuses every given option that contradicts `checkpoint`: the
    /// architecture, penalties, precision, standardization, the optimizer
    /// and its settings (but the learning rate), averaging and the
    /// early-stopping metric. An option given with the checkpoint's own
    /// value is accepted, so a run's command line can be repeated with
    /// `--resume` added.
    func checkResumable<Scalar>(_ checkpoint: TrainingCheckpoint<Scalar>, path: String) throws {
        let trainer = checkpoint.trainer
        let model = trainer.model
        let configuration = trainer.optimizer.configuration
        var denseLayers: [(outputs: Int, activation: Activation)] = []
        var dropoutRate = 0.0
        var noise = 0.0
        for layer in model.layers {
            switch layer {
            case .dense(let outputs, let activation): denseLayers.append((outputs, activation))
            case .dropout(let rate): dropoutRate = rate
            case .gaussianNoise(let standardDeviation): noise = standardDeviation
            default: break
            }
        }
        let hidden = denseLayers.dropLast()
        var conflicts: [(option: String, differs: Bool, fixed: String)] = [
            ("--layers", try layersGiven != nil && hiddenWidths() != hidden.map(\.outputs),
             hidden.map { String($0.outputs) }.joined(separator: ",")),
            ("--activation", try activationGiven != nil && hiddenActivation() != hidden.first?.activation,
             "\(hidden.first?.activation ?? .identity)"),
            ("--loss", try lossGiven != nil && lossFunction() != model.lossFunction, model.lossFunction.rawValue),
            ("--dropout", dropout.map { $0 != dropoutRate } ?? false, "\(dropoutRate)"),
            ("--input-noise", inputNoiseGiven.map { $0 != noise } ?? false, "\(noise)"),
            ("--l1", l1Given.map { $0 != model.regularization.l1 } ?? false, "\(model.regularization.l1)"),
            ("--l2", l2Given.map { $0 != model.regularization.l2 } ?? false, "\(model.regularization.l2)"),
            ("--standardize", standardizeGiven.map { $0 != (checkpoint.standardization != nil) } ?? false,
             checkpoint.standardization != nil ? "on" : "off"),
            ("--precision", precisionGiven.map { $0 != "\(Scalar.self)".lowercased() } ?? false,
             "\(Scalar.self)".lowercased()),
            ("--optimizer", optimizerGiven.map { $0 != configuration.kind.rawValue } ?? false,
             configuration.kind.rawValue),
            ("--initializer", initializerGiven != nil, "by the saved weights"),
        ]
        if optimizerGiven == nil || optimizerGiven == configuration.kind.rawValue {
            // With second-order options given, the asked method is the
            // checkpoint's (a first-order one refuses them), and neither has
            // a learning rate.
            let askedConfiguration = try optimizerConfiguration()
            let asked = FirstOrderOptionValues(askedConfiguration)
            let saved = FirstOrderOptionValues(configuration)
            let settings = "the checkpoint's \(configuration.kind.rawValue) settings"
            conflicts += [
                ("--momentum", momentum != nil && asked.momentum != saved.momentum, settings),
                ("--beta1", beta1 != nil && asked.beta1 != saved.beta1, settings),
                ("--beta2", beta2 != nil && asked.beta2 != saved.beta2, settings),
                ("--weight-decay", weightDecay != nil && asked.weightDecay != saved.weightDecay, settings),
                ("--rho", rho != nil && asked.rho != saved.rho, settings),
                // An option left at its default says nothing against the checkpoint.
                ("--schedule", scheduleGiven != nil && asked.schedule != saved.schedule, settings),
                ("--clip-value/--clip-norm",
                 (clipValue != nil || clipNorm != nil) && asked.clipping != saved.clipping, settings),
                (secondOrder.given.first ?? "",
                 !secondOrder.given.isEmpty && askedConfiguration != configuration, settings),
            ]
        }
        if averaging != nil {
            conflicts.append(
                ("--averaging", try averagingKind(Scalar.self) != trainer.averaging?.kind,
                 trainer.averaging.map { averagingName($0.kind) } ?? "none"))
        }
        if trainer.earlyStopping == nil {
            conflicts += [
                ("--patience", patience != nil, "without early stopping"),
                ("--minimum-delta", minimumDelta != nil, "without early stopping"),
                ("--monitor", monitor != nil, "without early stopping"),
            ]
        }
        if earlyStopping {
            conflicts.append(("--early-stopping", trainer.earlyStopping == nil, "off"))
            if let stopping = trainer.earlyStopping, monitor != nil {
                conflicts.append(
                    ("--monitor", try monitoredMetric() != stopping.metric, stopping.metric.rawValue))
            }
        }
        if let conflict = conflicts.first(where: \.differs) {
            throw CommandError(
                "\(conflict.option) cannot change on --resume: \(path) fixes it (\(conflict.fixed)); start a new run to change it"
            )
        }
    }

    /// Applies to the resumed `trainer` what a run can change between
    /// epochs (learning rate, batch size, early-stopping patience and
    /// minimum delta) and returns what changed, as `"batch size 128 -> 64"`.
    func applyResumeChanges<Scalar>(to trainer: inout Trainer<Scalar>) throws -> [String] {
        var changes: [String] = []
        if let learningRate, learningRate != trainer.optimizer.configuration.learningRate {
            var configuration = trainer.optimizer.configuration
            let before = configuration.learningRate.map { "\($0)" } ?? "the rule's default"
            // A second-order method has no learning rate to change.
            if !configuration.kind.isSecondOrder {
                configuration.learningRate = learningRate
                var optimizer = TrainingOptimizer<Scalar>(configuration)
                try optimizer.restore(trainer.optimizer.state)
                trainer.optimizer = optimizer
            }
            changes.append("learning rate \(before) -> \(learningRate)")
        }
        if let batchSize, batchSize != trainer.batchSize, !trainer.optimizer.configuration.kind.isSecondOrder {
            changes.append("batch size \(trainer.batchSize) -> \(batchSize)")
            trainer.batchSize = batchSize
        }
        if let patience, let before = trainer.earlyStopping?.patience, patience != before {
            trainer.earlyStopping!.patience = patience
            changes.append("early-stopping patience \(before) -> \(patience)")
        }
        if let minimumDelta, let before = trainer.earlyStopping?.minimumImprovement,
            minimumDelta != before
        {
            trainer.earlyStopping!.minimumImprovement = minimumDelta
            changes.append("early-stopping minimum delta \(before) -> \(minimumDelta)")
        }
        return changes
    }
}
