import Foundation
import Perceptron

/// The final test figures of a run, as `--metrics` writes them (JSON,
/// snake_case keys as scikit-learn's reports name them).
struct TestMetrics: Encodable {
    struct ClassFigures: Encodable {
        var name: String
        var precision: Double
        var recall: Double
        var f1: Double
        var support: Int
    }

    var loss: Double
    var accuracy: Double
    var samples: Int
    var epochs: Int
    var trainingSeconds: Double
    var confusionMatrix: [[Int]]
    var classes: [ClassFigures]

    init(
        loss: Double, accuracy: Double, confusion: ConfusionMatrix, classNames: [String]?,
        epochs: Int, trainingSeconds: Double
    ) {
        (self.loss, self.accuracy, self.epochs) = (loss, accuracy, epochs)
        self.trainingSeconds = trainingSeconds
        samples = confusion.total
        confusionMatrix = confusion.counts
        classes = confusion.perClass.enumerated().map { index, figures in
            ClassFigures(
                name: classNames?[index] ?? "\(index)", precision: figures.precision,
                recall: figures.recall, f1: figures.f1, support: figures.support)
        }
    }

    /// Writes the figures to `path`, atomically.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try writeAtomically(try encoder.encode(self), to: URL(fileURLWithPath: path))
    }
}

/// A regression's final test figures, as `--metrics` writes them (JSON,
/// snake_case keys): the loss (on standardized targets, as training
/// reports it), then MSE, MAE and R² in the targets' original units,
/// averaged over the targets and per target.
struct RegressionTestMetrics: Encodable {
    struct TargetFigures: Encodable {
        var name: String
        var meanSquaredError: Double
        var meanAbsoluteError: Double
        var rSquared: Double
    }

    var loss: Double
    var meanSquaredError: Double
    var meanAbsoluteError: Double
    var rSquared: Double
    var samples: Int
    var epochs: Int
    var trainingSeconds: Double
    var targets: [TargetFigures]

    init(
        loss: Double, metrics: RegressionMetrics, samples: Int, targetNames: [String]?,
        epochs: Int, trainingSeconds: Double
    ) {
        (self.loss, self.samples, self.epochs) = (loss, samples, epochs)
        self.trainingSeconds = trainingSeconds
        meanSquaredError = metrics.meanSquaredError
        meanAbsoluteError = metrics.meanAbsoluteError
        rSquared = metrics.rSquared
        targets = (0..<metrics.outputCount).map { j in
            TargetFigures(
                name: targetNames?[j] ?? "y\(j)", meanSquaredError: metrics.meanSquaredErrors[j],
                meanAbsoluteError: metrics.meanAbsoluteErrors[j], rSquared: metrics.rSquaredValues[j])
        }
    }

    /// Writes the figures to `path`, atomically.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try writeAtomically(try encoder.encode(self), to: URL(fileURLWithPath: path))
    }
}
