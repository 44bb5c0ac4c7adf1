import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-bench epoch`: samples per second of whole training epochs
/// (shuffle, gather, data-parallel step, update, averaging) on
/// Fashion-MNIST, for several thread counts alternated round by round in
/// the same run, so that the host's drift hits every count alike.
struct EpochBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epoch",
        abstract: "Time whole training epochs on Fashion-MNIST, thread counts alternated.",
        discussion: """
            Each round trains a fresh model (same seed) for one epoch with each \
            thread count in turn, and records the epoch's samples per second as \
            the trainer measures it (the epoch loop, without validation). It \
            prints the median and range over the rounds per thread count, and \
            the median of each round's ratio to the first thread count.
            """)

    @Option(help: "Hidden layer widths, comma-separated.") var layers: String = "512,256"
    @Option(help: "First-order rule (adam, sgd, ...).") var optimizer: String = "adam"
    @Option(help: "Learning rate (default: the rule's own).") var learningRate: Double?
    @Option(help: "Dropout rate after each hidden layer.") var dropout: Double = 0.2
    @Option(help: "Polyak averaging: none or exponential:BETA.") var averaging: String =
        "exponential:0.999"
    @Option(help: "Samples per step.") var batchSize: Int = 128
    @Option(help: "Training samples used (default: all 60,000).") var samples: Int?
    @Option(help: "float or double.") var precision: String = "float"
    @Option(help: "Thread counts, comma-separated; the first is the baseline.") var threads:
        String = "1,2"
    @Option(help: "Rounds (one epoch per thread count each).") var rounds: Int = 5
    @Option(help: "The Fashion-MNIST directory.") var dataDirectory: String = FashionMNIST
        .defaultDirectory

    func run() throws {
        let counts = threads.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--threads needs positive counts")
        }
        switch precision {
        case "float": try measure(Float.self, counts: counts)
        case "double": try measure(Double.self, counts: counts)
        default: throw ValidationError("--precision must be float or double")
        }
    }

    func measure<Scalar: BLASScalar>(_: Scalar.Type, counts: [Int]) throws {
        var (training, _) = try FashionMNIST.load(from: dataDirectory, as: Scalar.self)
        if let samples, samples < training.count { training = training.subset(0..<samples) }
        training.standardize(with: Standardization(fittedTo: training.features))
        let widths = layers.split(separator: ",").compactMap { Int($0) }
        var layerList: [Layer] = []
        for width in widths {
            layerList.append(.dense(outputs: width, activation: .relu))
            if dropout > 0 { layerList.append(.dropout(rate: dropout)) }
        }
        layerList.append(.dense(outputs: 10))
        let averagingKind: PolyakAveraging<Scalar>.Kind? =
            averaging == "none"
            ? nil
            : .exponential(decay: Scalar(Double(averaging.split(separator: ":").last!) ?? 0.999))
        guard let kind = OptimizerConfiguration.Kind(rawValue: optimizer) else {
            throw ValidationError("--optimizer: unknown rule '\(optimizer)'")
        }
        var configuration = OptimizerConfiguration(kind)
        if learningRate != nil, kind.isSecondOrder {
            throw ValidationError("--learning-rate applies to the first-order rules, not \(optimizer)")
        }
        configuration.learningRate = learningRate
        print(
            "\(Scalar.self) 784-\(layers)-10, \(optimizer), dropout \(dropout), averaging \(averaging), batch \(batchSize), \(training.count) samples, \(rounds) rounds"
        )
        var rates = [[Double]](repeating: [], count: counts.count)
        var parameterCount = 0
        for _ in 0..<rounds {
            for (index, count) in counts.enumerated() {
                var generator = Xoshiro256StarStar(seed: 1)
                let model = Sequential<Scalar>(
                    inputs: training.featureCount, layers: layerList, loss: .softmaxCrossEntropy,
                    using: &generator)
                var trainer = Trainer(
                    model: model, optimizer: configuration, batchSize: batchSize, seed: 2,
                    averaging: averagingKind)
                trainer.threadBudget = count
                parameterCount = model.parameterCount
                let history = try trainer.fit(training: training, epochs: 1)
                rates[index].append(history.records[0].samplesPerSecond)
            }
        }
        for (index, count) in counts.enumerated() {
            let sorted = rates[index].sorted()
            let ratios = zip(rates[index], rates[0]).map { $0 / $1 }
            print(
                String(
                    format:
                        "%d thread(s), %@: median %.0f samples/s (range %.0f-%.0f); ratio to %d thread(s): median %.2f (range %.2f-%.2f)",
                    count,
                    "\(ThreadPlan.training(rows: batchSize, parameters: parameterCount, budget: count))",
                    median(rates[index]), sorted.first!, sorted.last!, counts[0], median(ratios),
                    ratios.min()!, ratios.max()!))
        }
    }
}
