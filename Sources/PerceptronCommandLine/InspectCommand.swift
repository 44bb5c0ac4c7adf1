import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-train inspect`: what a checkpoint holds, without data: the
/// model, optimizer, epochs, last and best metrics, the data options of
/// its training run, and the class names (a regression: the target names
/// and their standardization).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a checkpoint's model, training state, metrics and data options.")

    @Argument(help: "The checkpoint (safetensors).") var model: String

    func run() throws {
        guard PerceptronTrain.reports else { return }
        let file = try SafeTensors(contentsOf: URL(fileURLWithPath: model))
        switch TrainingCheckpoint<Float>.scalarType(of: file) {
        case "Double": print(try describe(TrainingCheckpoint<Double>(file, source: model)))
        default: print(try describe(TrainingCheckpoint<Float>(file, source: model)))
        }
    }

    /// The report, one fact a line after the model's summary table.
    func describe<Scalar: BLASScalar>(_ checkpoint: TrainingCheckpoint<Scalar>) -> String {
        let trainer = checkpoint.trainer
        let configuration = trainer.optimizer.configuration
        var lines = ["\(model): Perceptron checkpoint, \(Scalar.self)", trainer.model.summary]
        var optimizer = configuration.summary
        if !configuration.kind.isSecondOrder {
            optimizer +=
                ", learning rate \(configuration.learningRate.map { "\($0)" } ?? "default")"
            optimizer += ", batch \(trainer.batchSize)"
        }
        lines.append("optimizer: \(optimizer)")
        lines.append("averaging: \(trainer.averaging.map { averagingName($0.kind) } ?? "none")")
        lines.append("epochs trained: \(trainer.epochsCompleted)")
        if let stopped = trainer.stoppedEpochSentence { lines.append("stopped \(stopped)") }
        if let run = trainer.minimizerRun {
            lines.append(
                "minimizer run: iteration \(run.iterations), \(run.functionEvaluations) evaluations; "
                    + (run.status?.sentence ?? "resumes with its curvature memory"))
        }
        if let last = trainer.history.records.last {
            lines.append("last epoch: \(last.summary())")
        }
        if let stopping = trainer.earlyStopping {
            lines.append(
                "early stopping on \(stopping.metric.rawValue), patience \(stopping.patience): best epoch \(trainer.bestEpoch)"
                    + (trainer.stoppedEarly ? ", stopped early" : ""))
        }
        if let options = checkpoint.dataOptions {
            lines.append(
                "data: "
                    + options.sorted { $0.key < $1.key }.map { "--\($0.key) \($0.value)" }
                    .joined(separator: " "))
        }
        if let names = checkpoint.classNames {
            lines.append("classes: " + names.joined(separator: ", "))
        }
        if let names = checkpoint.targetNames {
            lines.append("regression targets: " + names.joined(separator: ", "))
        }
        lines.append(
            "standardization: "
                + (checkpoint.standardization.map { "\($0.featureCount) features" } ?? "none"))
        if let targets = checkpoint.targetStandardization {
            let numbers = { (values: [Scalar]) in
                values.map { String(format: "%.6g", Double($0)) }.joined(separator: ", ")
            }
            lines.append(
                "target standardization: means \(numbers(targets.means)); standard deviations \(numbers(targets.standardDeviations))"
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// A Polyak average's kind as `--averaging` writes it: `exponential:0.999`.
func averagingName<Scalar>(_ kind: PolyakAveraging<Scalar>.Kind) -> String {
    switch kind {
    case .uniform: "uniform"
    case .geometric(let decay): "geometric:\(decay)"
    case .exponential(let decay): "exponential:\(decay)"
    }
}
