import ArgumentParser
import Datasets
import Foundation
import Network
import Optimizers
import Perceptron
import Tensor

/// `perceptron-bench minimize-network`: L-BFGS on the full-batch loss of a
/// 64-32-10 tanh network with softmax cross-entropy and L2 1e-4 (a
/// ``NetworkObjective``), from given initial weights, for
/// `scripts/compare-scipy`: the time to reach a target loss.
struct MinimizeNetworkBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize-network",
        abstract: "L-BFGS on a 64-32-10 tanh network's full-batch loss (Double).")

    @Option(help: "The training CSV (features, then the label column).") var data: String
    @Option(help: "A JSON array of the initial parameters, in the model's flat layout.") var start:
        String
    @Option(help: "Iteration limit.") var iterations: Int = 300
    @Option(help: "Stop as soon as the loss is at or below this value.") var targetValue: Double?
    @Option(help: "Threads to use: data-parallel shards of the batch, or OpenBLAS's.")
    var threads: Int = 1
    @Option(
        help:
            "Shards the batch is evaluated in, one thread and one BLAS thread each (default: NetworkObjective's choice within --threads; 1 gives the threads to OpenBLAS)."
    )
    var shards: Int?

    struct Run: Codable {
        var iterations: Int
        var functionEvaluations: Int
        var value: Double
        var seconds: Double
        var reachedTarget: Bool
        var shards: Int
    }

    func run() throws {
        let dataset = try CSVReader(labelColumn: .last).read(at: data, as: Double.self)
        guard let text = FileManager.default.contents(atPath: start),
            let initial = try? JSONDecoder().decode([Double].self, from: text)
        else { throw ValidationError("--start: cannot read a JSON array of numbers from \(start)") }
        var generator = Xoshiro256StarStar(seed: 0)
        var model = Sequential<Double>(
            inputs: dataset.featureCount,
            layers: [.dense(outputs: 32, activation: .tanh), .dense(outputs: dataset.classCount)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l2: 1e-4), using: &generator)
        guard initial.count == model.parameterCount else {
            throw ValidationError(
                "--start: \(initial.count) parameters; the network has \(model.parameterCount)")
        }
        model.parameters = initial
        let shardCount =
            shards
            ?? NetworkObjective<Double>.automaticThreadCount(
                samples: dataset.count, parameters: model.parameterCount, budget: threads)
        // Sharded, OpenBLAS keeps one thread: growing its pool would start
        // idle workers that spin for about 0.1 s, on the cores the shards use.
        BLAS.threadCount = shardCount > 1 ? 1 : threads
        var objective = NetworkObjective(model: model, dataset: dataset, threads: shardCount)
        var reached = false
        let target = targetValue
        let options = LBFGS<Double>.Options(
            stopping: StoppingCriteria(maximumIterations: iterations))
        var result: MinimizationResult<Double>?
        let elapsed = ContinuousClock().measure {
            result = LBFGS(options: options).minimize(&objective, from: initial) { report in
                if let target, report.value <= target {
                    reached = true
                    return .stop
                }
                return .proceed
            }
        }
        let report = Run(
            iterations: result!.iterations, functionEvaluations: result!.functionEvaluations,
            value: result!.value,
            seconds: elapsed.inSeconds,
            reachedTarget: reached, shards: objective.threadCount)
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}
