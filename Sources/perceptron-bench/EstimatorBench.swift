import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-bench estimator`: fits an ``MLPRegressor`` or
/// ``MLPClassifier`` on a training CSV, scores it on a test CSV and prints
/// the held-out figures and the fit's wall time as JSON, once per repeat:
/// Perceptron's side of `scripts/compare-sklearn`.
struct EstimatorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimator",
        abstract: "Fit an MLPRegressor or MLPClassifier (Double) and print its scores as JSON.")

    enum Task: String, ExpressibleByArgument { case regression, classification }
    enum Solver: String, ExpressibleByArgument { case adam, lbfgs }

    @Option(help: "regression (the target column) or classification (the label column).")
    var task: Task = .regression
    @Option(help: "The training CSV, with a header.") var train: String
    @Option(help: "The test CSV, with the same columns.") var test: String
    @Option(help: "The target or label column's name.") var column: String
    @Option(help: "adam or lbfgs.") var solver: Solver = .adam
    @Option(help: "Hidden layer widths, comma-separated.") var hidden: String = "64"
    @Option(help: "Epochs (adam) or iterations (lbfgs), scikit-learn's max_iter.")
    var maximumIterations: Int = 200
    @Option(help: "The L2 penalty alpha, as scikit-learn's.") var alpha: Double = 0.0001
    @Option(help: "The seed of the weights and the shuffling.") var seed: UInt64 = 0
    @Option(help: "Fits to time, each from the same seed.") var repeats: Int = 1

    struct Run: Codable {
        var score: Double
        var meanAbsoluteError: Double?
        var seconds: Double
        /// Epochs of a first-order rule, iterations of a second-order method.
        var epochs: Int
        /// The final training objective (mean loss on standardized targets
        /// plus the penalty).
        var trainingLoss: Double?
    }

    static func iterations(of trainer: Trainer<Double>) -> Int {
        let iterations = trainer.history.records.compactMap(\.iterations)
        return iterations.isEmpty ? trainer.epochsCompleted : iterations.reduce(0, +)
    }

    func run() throws {
        BLAS.threadCount = 1  // as scikit-learn's side, with OPENBLAS_NUM_THREADS=1
        let configuration = MLPConfiguration(
            hiddenLayers: hidden.split(separator: ",").compactMap { Int($0) },
            solver: solver == .adam ? .adam(learningRate: 0.001) : .lbfgs(),
            maximumIterations: maximumIterations, alpha: alpha, seed: seed)
        for _ in 0..<repeats {
            let run =
                task == .regression
                ? try regression(configuration) : try classification(configuration)
            print(String(decoding: try JSONEncoder().encode(run), as: UTF8.self))
        }
    }

    func regression(_ configuration: MLPConfiguration) throws -> Run {
        let reader = CSVReader(hasHeader: true, targetColumns: [.name(column)])
        let (training, testing) = (
            try reader.read(at: train, as: Double.self), try reader.read(at: test, as: Double.self)
        )
        var regressor = MLPRegressor<Double>(configuration: configuration)
        let elapsed = try ContinuousClock().measure {
            try regressor.fit(training.features, training.targetValues)
        }
        let metrics = regressor.metrics(testing.features, testing.targetValues)
        return Run(
            score: metrics.rSquared, meanAbsoluteError: metrics.meanAbsoluteError,
            seconds: elapsed.inSeconds, epochs: Self.iterations(of: regressor.trainer!),
            trainingLoss: regressor.trainer!.history.records.last?.loss)
    }

    func classification(_ configuration: MLPConfiguration) throws -> Run {
        let reader = CSVReader(hasHeader: true, labelColumn: .name(column))
        let training = try reader.read(at: train, as: Double.self)
        var testReader = reader
        testReader.labelEncoding =
            training.classNames.map(LabelEncoding.names)
            ?? .integers(classCount: training.classCount)
        let testing = try testReader.read(at: test, as: Double.self)
        let names = { (data: Dataset<Double>) in data.labels.map { data.classNames?[$0] ?? "\($0)" }
        }
        var classifier = MLPClassifier<Double, String>(configuration: configuration)
        let elapsed = try ContinuousClock().measure {
            try classifier.fit(training.features, names(training))
        }
        return Run(
            score: classifier.score(testing.features, names(testing)), meanAbsoluteError: nil,
            seconds: elapsed.inSeconds, epochs: Self.iterations(of: classifier.trainer!),
            trainingLoss: classifier.trainer!.history.records.last?.loss)
    }
}
