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

    /// The largest difference between two gradients, relative to the
    /// largest component.
    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        a.maximumAbsoluteDifference(b) / b.map(abs).max()!
    }

    @Test(
        "split into shards on several threads, the loss and gradient are the whole batch's",
        arguments: [2, 3, 7])
    func shardsAgreeWithWholeBatch(threads: Int) throws {
        let (whole, start, data) = Self.problem()
        var (one, sharded) = (
            whole, NetworkObjective(model: whole.model, dataset: data, threads: threads)
        )
        #expect(one.threadCount == 1)
        #expect(sharded.threadCount == threads)
        var (expected, gradient) = (
            [Double](repeating: 0, count: start.count), [Double](repeating: 0, count: start.count)
        )
        let expectedValue = one.valueAndGradient(at: start, gradient: &expected)
        // The shards (200 samples in 7 is 28 or 29 each) are weighted by
        // size, and the penalty counts once: agreement to rounding.
        let value = sharded.valueAndGradient(at: start, gradient: &gradient)
        #expect(abs(value - expectedValue) <= 1e-14 * expectedValue)
        #expect(Self.relativeDifference(gradient, expected) <= 1e-13)
        #expect(sharded.value(at: start) == value)
        #expect(sharded.evaluations == 2)
    }

    @Test("a given number of threads gives the same bits every time")
    func shardsAreReproducible() throws {
        let (whole, start, data) = Self.problem()
        var first = NetworkObjective(model: whole.model, dataset: data, threads: 2)
        var second = first
        var gradients = [[Double]](repeating: [Double](repeating: 0, count: start.count), count: 3)
        let values = [
            first.valueAndGradient(at: start, gradient: &gradients[0]),
            first.valueAndGradient(at: start, gradient: &gradients[1]),
            second.valueAndGradient(at: start, gradient: &gradients[2]),
        ]
        #expect(Set(values).count == 1)
        #expect(gradients[0] == gradients[1] && gradients[1] == gradients[2])
        let result = LBFGS<Double>(
            options: .init(stopping: StoppingCriteria(maximumIterations: 30)))
        var (a, b) = (first, second)
        #expect(
            result.minimize(&a, from: start).parameters
                == result.minimize(&b, from: start).parameters)
    }

    @Test("a label the network cannot output makes a sharded evaluation NaN, with the error")
    func shardErrors() throws {
        let (whole, start, data) = Self.problem()
        var labels = data.labels
        labels[150] = 2  // in the second of two shards; the network has 2 outputs
        let bad = try Dataset(features: data.features, labels: labels)
        var objective = NetworkObjective(model: whole.model, dataset: bad, threads: 2)
        var gradient = [Double](repeating: 0, count: start.count)
        #expect(objective.valueAndGradient(at: start, gradient: &gradient).isNaN)
        #expect(objective.value(at: start).isNaN)
        #expect(objective.error != nil)
    }

    @Test("threads by problem size: one for a small problem, at most the budget for a large one")
    func automaticThreads() {
        // 3 x 200 x 52 multiply-adds: far below one thread's worth.
        #expect(
            NetworkObjective<Double>.automaticThreadCount(samples: 200, parameters: 52, budget: 8)
                == 1)
        // The 64-32-10 network on 1,347 digits: about 9.7 million, 4 threads' worth.
        #expect(
            NetworkObjective<Double>.automaticThreadCount(
                samples: 1347, parameters: 2410, budget: 8) == 4)
        #expect(
            NetworkObjective<Double>.automaticThreadCount(
                samples: 1347, parameters: 2410, budget: 2) == 2)
        #expect(
            NetworkObjective<Double>.automaticThreadCount(
                samples: 1347, parameters: 2410, budget: 1) == 1)
        #expect(
            NetworkObjective<Double>.automaticThreadCount(
                samples: 60000, parameters: 101_770, budget: 4) == 4)
        let (whole, _, data) = Self.problem()
        #expect(NetworkObjective(model: whole.model, dataset: data).threadCount == 1)
        // More threads than samples: one sample each.
        let few = data.subset(Array(0..<3))
        #expect(NetworkObjective(model: whole.model, dataset: few, threads: 8).threadCount == 3)
    }
}
