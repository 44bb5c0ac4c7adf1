import Foundation
import Perceptron
import Testing

/// Real-valued targets from data to loss: datasets, the trainer, the
/// full-batch objective, sample weights and the regression metrics.
@Suite("Regression and sample weights")
struct RegressionTrainingTests {
    /// `n` samples of `y = x1^2 + 0.5 x2` (and, with two outputs, also
    /// `x1 - x2`), `x` uniform in [-1, 1]^2.
    static func quadratic(_ n: Int, outputs: Int = 1, seed: UInt64 = 3) throws -> Dataset<Double> {
        var generator = Xoshiro256StarStar(seed: seed)
        let x = (0..<(2 * n)).map { _ in Double.random(in: -1...1, using: &generator) }
        var y = [Double]()
        for i in 0..<n {
            let (a, b) = (x[2 * i], x[2 * i + 1])
            y.append(a * a + 0.5 * b)
            if outputs == 2 { y.append(a - b) }
        }
        return try Dataset(
            features: Matrix(rows: n, columns: 2, elements: x),
            targets: Matrix(rows: n, columns: outputs, elements: y))
    }

    static func model(outputs: Int, loss: Loss = .meanSquaredError, seed: UInt64 = 5)
        -> Sequential<Double>
    {
        var generator = Xoshiro256StarStar(seed: seed)
        return Sequential(
            inputs: 2, layers: [.dense(outputs: 16, activation: .tanh), .dense(outputs: outputs)],
            loss: loss, using: &generator)
    }

    @Test("R² is 1 for a perfect fit, 0 for the mean, and matches its formula")
    func metricsKnownValues() {
        var perfect = RegressionSums(outputCount: 1)
        var mean = RegressionSums(outputCount: 1)
        var some = RegressionSums(outputCount: 1)
        for (y, guess) in [(1.0, 2.0), (2.0, 2.0), (3.0, 1.0)] {
            perfect.add(predictions: [y], targets: [y])
            mean.add(predictions: [2], targets: [y])
            some.add(predictions: [guess], targets: [y])
        }
        #expect(RegressionMetrics(perfect).rSquared == 1)
        #expect(RegressionMetrics(mean).rSquared == 0)
        // Residuals 1, 0, 2: SSE 5, SST 2, so R² = 1 - 5/2; MSE 5/3, MAE 1.
        let metrics = RegressionMetrics(some)
        #expect(abs(metrics.rSquared - (1 - 5.0 / 2)) < 1e-15)
        #expect(abs(metrics.meanSquaredError - 5.0 / 3) < 1e-15)
        #expect(metrics.meanAbsoluteError == 1)
        let restored = RegressionSums(flattened: some.flattened, outputCount: 1)
        #expect(restored == some)
    }

    @Test("a regressor learns y = x1² + 0.5 x2 to R² above 0.95 on held-out data")
    func learnsQuadratic() throws {
        var generator = Xoshiro256StarStar(seed: 11)
        var (training, validation) = try Self.quadratic(600).split(
            validationFraction: 0.2, using: &generator)
        let targets = Standardization(fittedToTargetsOf: training)
        training.standardizeTargets(with: targets)
        validation.standardizeTargets(with: targets)
        var trainer = Trainer(
            model: Self.model(outputs: 1),
            optimizer: .adam(learningRate: 0.01),
            batchSize: 32, seed: 1)
        let history = try trainer.fit(training: training, validation: validation, epochs: 60)
        let metrics = try trainer.regressionMetrics(validation)
        #expect(metrics.rSquared > 0.95)
        #expect(history.records.last?.validationRSquared == metrics.rSquared)
        // In original units: the metrics are those of predictions mapped back.
        let outputs = try trainer.predictProbabilities(validation)
        var sums = RegressionSums(outputCount: 1)
        let standardized = validation.targetValues
        for i in 0..<validation.count {
            let scale = (targets.means[0], targets.standardDeviations[0])
            sums.add(
                predictions: [scale.0 + scale.1 * outputs[i, 0]],
                targets: [scale.0 + scale.1 * standardized[i, 0]])
        }
        let expected = RegressionMetrics(sums)
        #expect(abs(expected.meanSquaredError - metrics.meanSquaredError) < 1e-12)
        #expect(abs(expected.rSquared - metrics.rSquared) < 1e-12)
    }

    @Test("two outputs are learned at once, each with its own R²")
    func multiOutput() throws {
        var generator = Xoshiro256StarStar(seed: 12)
        let (training, validation) = try Self.quadratic(600, outputs: 2).split(
            validationFraction: 0.2, using: &generator)
        var trainer = Trainer(
            model: Self.model(outputs: 2), optimizer: OptimizerConfiguration(.lbfgs), seed: 1)
        try trainer.fit(training: training, epochs: 3)
        let metrics = try trainer.regressionMetrics(validation)
        #expect(metrics.outputCount == 2)
        #expect(metrics.rSquaredValues.allSatisfy { $0 > 0.95 })
    }

    @Test("an integer weight counts as that many copies of the sample")
    func weightsAsCopies() throws {
        let data = try Self.quadratic(40)
        let weights = (0..<40).map { Double($0 % 3) }  // 0, 1, 2, ...
        let weighted = try data.withSampleWeights(weights)
        let copies = data.subset((0..<40).flatMap { Array(repeating: $0, count: $0 % 3) })
        for threads in [1, 2, 3] {
            var a = NetworkObjective(
                model: Self.model(outputs: 1), dataset: weighted, threads: threads)
            var b = NetworkObjective(
                model: Self.model(outputs: 1), dataset: copies, threads: threads)
            let point = Self.model(outputs: 1).parameters
            var (ga, gb) = (
                [Double](repeating: 0, count: point.count),
                [Double](repeating: 0, count: point.count)
            )
            let (va, vb) = (
                a.valueAndGradient(at: point, gradient: &ga),
                b.valueAndGradient(at: point, gradient: &gb)
            )
            #expect(abs(va - vb) <= 1e-13 * abs(vb))
            for i in point.indices { #expect(abs(ga[i] - gb[i]) <= 1e-12 * (1 + abs(gb[i]))) }
        }
        // The mini-batch pass of the trainer weighs each shard by its weight.
        let model = Self.model(outputs: 1)
        for threads in [1, 2] {
            let pass = ShardedPass(model: model, capacity: 64, workers: threads)
            let all = Array(0..<40)[...]
            let (loss, _) = try model.parameters.withUnsafeBufferPointer {
                try pass.run(
                    model, on: weighted, at: all, parameters: $0, seed: 0, mode: .inference,
                    computesGradient: true)
            }
            var objective = NetworkObjective(model: model, dataset: copies, threads: 1)
            var gradient = [Double](repeating: 0, count: model.parameterCount)
            let value = objective.valueAndGradient(at: model.parameters, gradient: &gradient)
            #expect(abs(loss - value) <= 1e-13 * value)
            #expect(pass.lastBatchWeight == weights.reduce(0, +))
            for i in gradient.indices {
                #expect(abs(pass.gradient[i] - gradient[i]) <= 1e-12 * (1 + abs(gradient[i])))
            }
        }
    }

    @Test("weights must be finite and non-negative, and not all zero")
    func invalidWeights() throws {
        let data = try Self.quadratic(3)
        #expect(throws: DatasetError.invalidSampleWeight(sample: 1, weight: -1)) {
            try data.withSampleWeights([1, -1, 1])
        }
        #expect(throws: DatasetError.invalidSampleWeight(sample: nil, weight: 0)) {
            try data.withSampleWeights([0, 0, 0])
        }
        #expect(throws: DatasetError.nonFiniteTarget(sample: 1, target: 0)) {
            try Dataset<Double>(
                features: Matrix(rows: 2, columns: 1, elements: [0, 1]),
                targets: Matrix(rows: 2, columns: 1, elements: [0, .nan]))
        }
    }

    @Test("views carry targets and weights in sample order")
    func viewsCarryTargets() throws {
        let data = try Self.quadratic(10).withSampleWeights((0..<10).map { Double($0) + 1 })
        let view = data.subset([7, 2, 2])
        #expect(view.targetValues.elements == [7, 2, 2].map { data.targetValues[$0, 0] })
        #expect(view.sampleWeights == [8, 3, 3])
        #expect(view.labels.isEmpty && view.count == 3)
        var generator = Xoshiro256StarStar(seed: 1)
        let (a, b) = data.split(validationFraction: 0.3, stratified: true, using: &generator)
        #expect(a.count + b.count == 10)
    }

    @Test("a model with other outputs than the data's targets is refused")
    func targetCountMismatch() throws {
        let data = try Self.quadratic(8, outputs: 2)
        let trainer = Trainer(
            model: Self.model(outputs: 1), optimizer: OptimizerConfiguration(.sgd), seed: 1)
        #expect(
            throws: TrainingError.targetCountMismatch(role: "evaluation", found: 2, expected: 1)
        ) {
            try trainer.regressionMetrics(data)
        }
    }
}
