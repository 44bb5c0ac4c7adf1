import Foundation
import Perceptron
import Testing

/// The README's first example, kept here so that it always compiles and
/// prints what the README says.
@Suite("README")
struct ReadmeExampleTests {
    @Test("multiplying two matrices")
    func multiply() {
        // --- README example ---
        let a = Matrix<Double>([[1, 2], [3, 4]])
        let b = Matrix<Double>([[5, 6], [7, 8]])
        let c = matmul(a, b)  // one cblas_dgemm call
        print(c)  // 2x2 Matrix<Double>: 19.0 22.0 / 43.0 50.0
        // --- end ---
        #expect(c == Matrix([[19, 22], [43, 50]]))
        #expect(c.description == "2x2 Matrix<Double>\n  19.0  22.0\n  43.0  50.0")
    }

    @Test("the estimators: a classifier and a regressor in a few lines")
    func estimators() throws {
        // The README reads "data/diabetes.csv" from the checkout's root.
        let diabetesCSV = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/diabetes.csv").path
        // --- README example: estimators ---
        var generator = Xoshiro256StarStar(seed: 1)
        let moons = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
        let (training, test) = moons.split(validationFraction: 0.2, using: &generator)
        let names = ["lower", "upper"]
        var classifier = MLPClassifier<Float, String>(
            hiddenLayers: [32], activation: .tanh, solver: .adam(learningRate: 0.01))
        try classifier.fit(training.features, training.labels.map { names[$0] })
        print(classifier.score(test.features, test.labels.map { names[$0] }))  // 0.995
        print(classifier.predict(Matrix([[0, 1], [1, -0.5]])))  // ["lower", "upper"]

        let diabetes = try CSVReader(targetColumns: [.name("target")])
            .read(at: diabetesCSV, as: Double.self)
        let (patients, newPatients) = diabetes.split(validationFraction: 0.2, using: &generator)
        var regressor = MLPRegressor<Double>(hiddenLayers: [64], solver: .lbfgs(), alpha: 10)
        try regressor.fit(patients.features, patients.targetValues)
        print(regressor.score(newPatients.features, newPatients.targetValues))  // R² 0.5...
        print(regressor.predict(newPatients.features.rows(0..<1)))  // in the target's units
        // --- end ---
        #expect(classifier.score(test.features, test.labels.map { names[$0] }) > 0.95)
        #expect(classifier.predict(Matrix([[0, 1], [1, -0.5]])) == ["lower", "upper"])
        #expect(regressor.score(newPatients.features, newPatients.targetValues) > 0.4)
    }

    @Test("training a network from Swift")
    func train() throws {
        // --- README example: training ---
        var generator = Xoshiro256StarStar(seed: 1)
        let data = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
        let (training, test) = data.split(validationFraction: 0.2, using: &generator)
        let model = Sequential<Float>(
            inputs: 2,
            layers: [.dense(outputs: 32, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(
            model: model, optimizer: .adam(learningRate: 0.01),
            batchSize: 32, seed: 2)
        try trainer.fit(training: training, validation: test, epochs: 50)
        print(try trainer.evaluate(test))  // (loss: 0.0294..., accuracy: 0.99)
        // --- end ---
        #expect(try trainer.evaluate(test).accuracy > 0.95)
    }

    @Test("training a network with L-BFGS")
    func trainWithLBFGS() throws {
        var generator = Xoshiro256StarStar(seed: 1)
        let data = Dataset<Float>.moons(count: 400, noise: 0.1, using: &generator)
        let (training, test) = data.split(validationFraction: 0.2, using: &generator)
        let model = Sequential<Float>(
            inputs: 2, layers: [.dense(outputs: 16, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        // --- README example: training with L-BFGS ---
        var trainer = Trainer(model: model, optimizer: .lbfgs(historySize: 10), seed: 2)
        try trainer.fit(training: training, validation: test, epochs: 20)
        print(trainer.history.records.last!.summary(), trainer.minimizationStatus?.sentence ?? "")
        // --- end ---
        #expect(try trainer.evaluate(test).accuracy > 0.95)
        #expect(trainer.history.records.last!.iterations! > 10)
    }

    @Test("minimizing Rosenbrock's function with L-BFGS, in one call and stepped with a save")
    func minimize() throws {
        // --- README example: second-order methods ---
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 1000)
        let result = LBFGS<Double>(options: .init()).minimize(
            &rosenbrock, from: rosenbrock.standardStart)
        print(result.status.sentence, result.iterations, result.functionEvaluations)
        // --- end ---
        #expect(result.value < 1e-9 && result.converged)
        #expect(result.functionEvaluations <= 6_960)  // 1.2 x scipy's ~5,800

        // --- README example: stepping and saving a run ---
        let lbfgs = LBFGS<Double>()
        var state = lbfgs.start(&rosenbrock, at: rosenbrock.standardStart)
        while state.status == nil && state.iterations < 100 { lbfgs.advance(&rosenbrock, &state) }
        let saved = try JSONEncoder().encode(state)
        var resumed = try JSONDecoder().decode(type(of: state), from: saved)
        while resumed.status == nil { lbfgs.advance(&rosenbrock, &resumed) }
        // resumed.point == result.parameters
        // --- end ---
        #expect(state.iterations == 100)
        #expect(resumed.point == result.parameters)
        #expect(resumed.functionEvaluations == result.functionEvaluations)
    }
}
