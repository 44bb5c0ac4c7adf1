import ArgumentParser
import Datasets
import Foundation
import Network
import Optimizers
import Perceptron
import Tensor

/// `perceptron-bench l1-logistic`: OWL-QN on L1-penalized multinomial
/// logistic regression (a model with no hidden layer, softmax
/// cross-entropy, `C sum |W|` on the weights and none on the biases), from
/// zero weights, for `scripts/compare-scipy`: the optimum's value, its
/// exact zeros and the weights, as JSON.
struct L1LogisticBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l1-logistic",
        abstract: "OWL-QN on L1-penalized softmax regression (Double), printed as JSON.")

    @Option(help: "The training CSV (features, then the label column).") var data: String
    @Option(help: "The L1 coefficient C on the weights.") var l1: Double = 1e-3
    @Option(help: "Iteration limit.") var iterations: Int = 10_000

    struct Run: Codable {
        var iterations: Int
        var functionEvaluations: Int
        var value: Double
        var zeros: Int
        var seconds: Double
        var status: String
        var parameters: [Double]
    }

    func run() throws {
        let dataset = try CSVReader(labelColumn: .last).read(at: data, as: Double.self)
        var generator = Xoshiro256StarStar(seed: 0)
        var model = Sequential<Double>(
            inputs: dataset.featureCount, layers: [.dense(outputs: dataset.classCount)],
            loss: .softmaxCrossEntropy, using: &generator)
        model.parameters = [Double](repeating: 0, count: model.parameterCount)
        let dense = model.denseLayers.compactMap { $0 }
        BLAS.threadCount = 1
        var objective = NetworkObjective(model: model, dataset: dataset, threads: 1)
        let options = OWLQN<Double>.Options(
            l1: l1, penalized: dense.map(\.weightRange),
            stopping: StoppingCriteria(
                gradientTolerance: 1e-12, relativeDecreaseTolerance: 0,
                maximumIterations: iterations))
        var result: MinimizationResult<Double>?
        let elapsed = ContinuousClock().measure {
            result = OWLQN(options: options).minimize(&objective, from: model.parameters)
        }
        let weights = dense.flatMap { result!.parameters[$0.weightRange] }
        let run = Run(
            iterations: result!.iterations, functionEvaluations: result!.functionEvaluations,
            value: result!.value, zeros: weights.filter { $0 == 0 }.count,
            seconds: elapsed.inSeconds, status: "\(result!.status)",
            parameters: result!.parameters)
        print(String(decoding: try JSONEncoder().encode(run), as: UTF8.self))
    }
}
