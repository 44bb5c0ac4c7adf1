import Perceptron
import Testing

/// A network's full-batch loss as an objective: every minimizer can train
/// it, and its gradient is the network's.
@Suite("Network objective")
struct NetworkObjectiveTests {
    static func problem() -> (NetworkObjective<Double>, [Double], Dataset<Double>) {
        var generator = Xoshiro256StarStar(seed: 4)
        let data = Dataset<Double>.moons(count: 200, noise: 0.1, using: &generator)
        let model = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 10, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l2: 1e-4), using: &generator)
        return (NetworkObjective(model: model, dataset: data), model.parameters, data)
    }

    @Test("value and gradient are the network's own")
    func agreesWithModel() throws {
        var (objective, start, data) = Self.problem()
        var gradient = [Double](repeating: 0, count: start.count)
        let value = objective.valueAndGradient(at: start, gradient: &gradient)
        var model = objective.model
        model.parameters = start
        #expect(
            value
                == (try model.lossAndGradient(
                    data.features, Targets(labels: data.labels), mode: .inference)))
        #expect(gradient == model.gradient)
        #expect(objective.value(at: start) == value)
    }

    @Test("L-BFGS, BFGS, CG and Hessian-free all train the network")
    func minimizersTrain() throws {
        let (objective, start, data) = Self.problem()
        var initial = objective
        let initialLoss = initial.value(at: start)
        func accuracy(_ parameters: [Double]) -> Double {
            var model = objective.model
            model.parameters = parameters
            return model.accuracy(data.features, labels: data.labels)
        }
        let criteria = StoppingCriteria<Double>(maximumIterations: 200)
        var results: [String: MinimizationResult<Double>] = [:]
        var copy = objective
        results["L-BFGS"] = LBFGS(options: .init(stopping: criteria)).minimize(&copy, from: start)
        copy = objective
        results["BFGS"] = BFGS(options: .init(stopping: criteria)).minimize(&copy, from: start)
        copy = objective
        results["CG"] = NonlinearConjugateGradient(options: .init(stopping: criteria)).minimize(
            &copy, from: start)
        copy = objective
        results["Hessian-free"] = HessianFree(
            options: .init(stopping: StoppingCriteria(maximumIterations: 50))
        )
        .minimize(&copy, from: start)
        for (name, result) in results {
            #expect(
                result.value < 0.5 * initialLoss, "\(name): \(result.value) from \(initialLoss)")
            #expect(accuracy(result.parameters) > 0.95, "\(name)")
        }
    }
}
