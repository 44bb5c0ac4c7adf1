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
