import Perceptron
import Testing

/// The estimator API: fit, predict, score, partial fits, warm starts and
/// label types, as scikit-learn's MLPRegressor and MLPClassifier behave.
@Suite("MLPRegressor and MLPClassifier")
struct EstimatorTests {
    /// `n` samples `x` uniform in [-1, 1]^2 with targets in large units:
    /// `1000 (x1^2 + 0.5 x2) + 500`, and with two outputs also `x1 - x2`.
    static func quadratic(_ n: Int, outputs: Int = 1, seed: UInt64)
        -> (x: Matrix<Double>, y: Matrix<Double>)
    {
        var generator = Xoshiro256StarStar(seed: seed)
        let x = Matrix<Double>(rows: n, columns: 2) { _, _ in
            Double.random(in: -1...1, using: &generator)
        }
        let y = Matrix<Double>(rows: n, columns: outputs) { i, j in
            j == 0 ? 1000 * (x[i, 0] * x[i, 0] + 0.5 * x[i, 1]) + 500 : x[i, 0] - x[i, 1]
        }
        return (x, y)
    }

    @Test("a regressor predicts in the targets' own units, R² above 0.95 on new data")
    func regressorOriginalUnits() throws {
        let (x, y) = Self.quadratic(500, seed: 1)
        let (xTest, yTest) = Self.quadratic(200, seed: 2)
        var regressor = MLPRegressor<Double>(hiddenLayers: [32], maximumIterations: 300, seed: 3)
        try regressor.fit(x, y)
        #expect(regressor.score(xTest, yTest) > 0.95)
        let predicted = regressor.predict(xTest)
        // In the targets' units: about 500 at the origin's neighbours, not ~0.
        let meanPrediction = predicted.elements.reduce(0, +) / Double(predicted.rows)
        let meanTarget = yTest.elements.reduce(0, +) / Double(yTest.rows)
        #expect(abs(meanPrediction - meanTarget) < 0.05 * meanTarget)
    }

    @Test(
        "second-order solvers fit too, and two outputs are scored together",
        arguments: [
            OptimizerConfiguration.lbfgs(), .bfgs(),
        ])
    func regressorSecondOrder(solver: OptimizerConfiguration) throws {
        let (x, y) = Self.quadratic(300, outputs: 2, seed: 4)
        let (xTest, yTest) = Self.quadratic(100, outputs: 2, seed: 5)
        var regressor = MLPRegressor<Double>(
            hiddenLayers: [16], activation: .tanh, solver: solver, maximumIterations: 200, seed: 6)
        try regressor.fit(x, y)
        let metrics = regressor.metrics(xTest, yTest)
        #expect(metrics.rSquaredValues.count == 2)
        #expect(metrics.rSquaredValues.allSatisfy { $0 > 0.95 })
        // One epoch of at most the budget's iterations.
        let record = try #require(regressor.trainer!.history.records.last)
        #expect(record.epoch == 1 && (11...200).contains(record.iterations ?? 0))
    }

    @Test("partial fits keep the optimizer's state: three calls are three epochs of one run")
    func partialFitKeepsOptimizerState() throws {
        let (x, y) = Self.quadratic(100, seed: 7)
        let configuration = MLPConfiguration(
            hiddenLayers: [8], batchSize: 16, stopping: nil, seed: 8)
        var stepwise = MLPRegressor<Double>(configuration: configuration)
        for _ in 0..<3 { try stepwise.partialFit(x, y) }
        var whole = MLPRegressor<Double>(configuration: configuration)
        whole.configuration.maximumIterations = 3
        try whole.fit(x, y)
        #expect(stepwise.trainer!.model.parameters == whole.trainer!.model.parameters)
        #expect(stepwise.trainer!.epochsCompleted == 3)
    }

    @Test("a warm start continues from the fitted weights; a cold one starts again")
    func warmStart() throws {
        let (x, y) = Self.quadratic(200, seed: 9)
        var cold = MLPRegressor<Double>(hiddenLayers: [8], maximumIterations: 20, seed: 10)
        let first = try cold.fit(x, y)
        let again = try cold.fit(x, y)
        #expect(again.records.map(\.loss) == first.records.map(\.loss))
        var warm = cold
        warm.configuration.warmStart = true
        let continued = try warm.fit(x, y)
        #expect(continued.records.first!.loss < first.records.first!.loss)
        #expect(warm.trainer!.model.parameters != cold.trainer!.model.parameters)
    }

    /// Three Gaussian blobs labelled by name.
    static func blobs(seed: UInt64) -> (x: Matrix<Float>, labels: [String]) {
        var generator = Xoshiro256StarStar(seed: seed)
        let data = Dataset<Float>.blobs(
            count: 300, centers: [[0, 0], [4, 0], [0, 4]], using: &generator)
        let names = ["red", "green", "blue"]
        return (data.features, data.labels.map { names[$0 % 3] })
    }

    @Test("a classifier takes any labels: classes sorted, probabilities by class")
    func classifierWithNames() throws {
        let (x, labels) = Self.blobs(seed: 11)
        var classifier = MLPClassifier<Float, String>(hiddenLayers: [16], seed: 12)
        try classifier.fit(x, labels)
        #expect(classifier.classes == ["blue", "green", "red"])
        #expect(classifier.score(x, labels) > 0.9)
        let probabilities = classifier.predictProbabilities(x)
        #expect(probabilities.columns == 3)
        for i in 0..<probabilities.rows {
            let row = (0..<3).map { probabilities[i, $0] }
            #expect(abs(row.reduce(0, +) - 1) < 1e-5)
            let sample = Matrix<Float>(rows: 1, columns: x.columns) { _, j in x[i, j] }
            let likeliest = row.indices.max { row[$0] < row[$1] }!
            #expect(classifier.classes[likeliest] == classifier.predict(sample)[0])
        }
        #expect(throws: EstimatorError.unknownLabel("purple")) {
            try classifier.partialFit(
                Matrix(rows: 1, columns: x.columns) { _, j in x[0, j] }, ["purple"])
        }
    }

    @Test("two classes train one sigmoid output under binary cross-entropy")
    func binaryClassifier() throws {
        var generator = Xoshiro256StarStar(seed: 13)
        let moons = Dataset<Double>.moons(count: 400, noise: 0.1, using: &generator)
        let labels = moons.labels.map { $0 == 1 ? "upper" : "lower" }
        var classifier = MLPClassifier<Double, String>(
            hiddenLayers: [16], activation: .tanh, solver: .lbfgs(), seed: 14)
        try classifier.fit(moons.features, labels)
        #expect(classifier.trainer!.model.outputWidth == 1)
        #expect(classifier.trainer!.model.lossFunction == .binaryCrossEntropy)
        #expect(classifier.classes == ["lower", "upper"])
        #expect(classifier.score(moons.features, labels) > 0.95)
        let probabilities = classifier.predictProbabilities(moons.features)
        #expect(probabilities.columns == 2)
        #expect(abs(probabilities[0, 0] + probabilities[0, 1] - 1) < 1e-12)
    }
}
