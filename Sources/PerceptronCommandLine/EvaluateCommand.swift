import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-train evaluate`: a checkpoint's loss, accuracy, confusion
/// matrix and per-class precision and recall on a data set's test part; for
/// a regression, its MSE, MAE and R² per target in the targets' units.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a trained model on a data set's test part.",
        discussion: """
            The data options say which data set to evaluate on; those not given are the ones \
            recorded in the checkpoint by the run that trained it, so by default the model is \
            evaluated on the same test part that training held out. A regression model reads \
            the targets from the same columns and reports MSE, MAE and R² in their units.
            """)

    @OptionGroup var data: DataOptions
    @Option(help: "The checkpoint (safetensors) to evaluate.") var model: String
    @Flag(help: "Evaluate on the training part instead of the test part.") var trainingSet = false

    mutating func run() throws {
        // Under mpirun, one process answers.
        guard PerceptronTrain.reports else { return }
        let file = try SafeTensors(contentsOf: URL(fileURLWithPath: model))
        // The data the model was trained on, unless the options say otherwise.
        data = try data.filled(from: TrainingCheckpoint<Float>.dataOptions(of: file))
        switch TrainingCheckpoint<Float>.scalarType(of: file) {
        case "Double": try evaluate(ModelCheckpoint<Double>(file, source: model))
        default: try evaluate(ModelCheckpoint<Float>(file, source: model))
        }
    }

    func evaluate<Scalar: BLASScalar>(_ checkpoint: ModelCheckpoint<Scalar>) throws {
        let (training, test, _) = try data.load(
            Scalar.self, classNames: checkpoint.classNames, regression: checkpoint.isRegression)
        var dataset = trainingSet ? training : test
        try checkModel(checkpoint.model, accepts: dataset, path: model)
        if let standardization = checkpoint.standardization {
            dataset.standardize(with: standardization)
        }
        if let targetStandardization = checkpoint.targetStandardization {
            dataset.standardizeTargets(with: targetStandardization)
        }
        let result = try checkpoint.model.evaluate(dataset)
        print("evaluating on " + data.summary(part: trainingSet ? "training" : "test"))
        if dataset.isRegression {
            // In the targets' original units: the dataset maps both the
            // outputs and its targets back through the standardization.
            let metrics = try checkpoint.model.regressionMetrics(dataset)
            print("\(dataset.count) samples: " + regressionLine(loss: result.loss, metrics, prefix: ""))
            print(metrics.table(targetNames: checkpoint.targetNames))
            return
        }
        // The model's classes, which a test set may not all hold.
        let confusion = try ConfusionMatrix(
            predicted: checkpoint.model.predictClasses(dataset), actual: dataset.labels,
            classCount: checkpoint.model.classCount)
        let names = classNames(checkpoint.classNames, forClassCount: confusion.classCount)
        print(
            String(
                format: "%d samples: loss %.4f, accuracy %.4f", dataset.count, result.loss,
                result.accuracy))
        print(confusion.table(classNames: names))
        print(confusion.classificationReport(classNames: names))
    }
}

/// A checkpoint's class names when there is one per class of a
/// `classCount`-class confusion matrix, nil otherwise.
func classNames(_ names: [String]?, forClassCount classCount: Int) -> [String]? {
    names.flatMap { $0.count == classCount ? $0 : nil }
}

/// Stops with one line naming the checkpoint at `path` when `model` cannot
/// take a data set.
func checkModel<Scalar>(
    _ model: Sequential<Scalar>, accepts dataset: Dataset<Scalar>, path: String
) throws {
    guard model.inputs == dataset.featureCount else {
        throw CommandError(
            "\(path): the model takes \(model.inputs) features but the data has \(dataset.featureCount)"
        )
    }
    guard dataset.classCount <= model.classCount else {
        throw CommandError(
            "\(path): the model predicts \(model.classCount) classes but the data has \(dataset.classCount)"
        )
    }
    guard !dataset.isRegression || dataset.targetCount == model.outputWidth else {
        throw CommandError(
            "\(path): the model has \(model.outputWidth) outputs but the data has \(dataset.targetCount) targets"
        )
    }
}
