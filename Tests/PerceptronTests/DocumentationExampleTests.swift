import Foundation
import Perceptron
import Testing

/// The examples of the DocC articles in Sources/Perceptron/Perceptron.docc,
/// kept here so that they compile and do what the articles say. Files go to
/// a temporary directory instead of the working directory; the Rosenbrock
/// examples of "Second-order methods" are the README's, which
/// ReadmeExampleTests runs.
@Suite("Documentation articles")
struct DocumentationExampleTests {
    /// A fresh directory for the files an example writes.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("perceptron-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Getting started: the estimators")
    func estimators() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("parabola.safetensors").path
        // --- GettingStarted.md: the estimators ---
        var generator = Xoshiro256StarStar(seed: 1)
        let moons = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
        let (training, test) = moons.split(validationFraction: 0.2, using: &generator)
        let names = ["lower", "upper"]
        var classifier = MLPClassifier<Float, String>(
            hiddenLayers: [32], activation: .tanh, solver: .adam(learningRate: 0.01))
        try classifier.fit(training.features, training.labels.map { names[$0] })
        print(classifier.score(test.features, test.labels.map { names[$0] }))  // accuracy
        print(classifier.predict(Matrix([[0, 1], [1, -0.5]])))  // ["lower", "upper"]

        var regressor = MLPRegressor<Double>(hiddenLayers: [16], solver: .lbfgs())
        let x = Matrix<Double>(rows: 200, columns: 1) { i, _ in Double(i) / 100 - 1 }
        let y = Matrix<Double>(rows: 200, columns: 1) { i, _ in 3 * x[i, 0] * x[i, 0] + 10 }
        try regressor.fit(x, y)
        print(regressor.score(x, y))  // R², close to 1
        try regressor.write(toFile: file)  // a training checkpoint
        // --- end ---
        #expect(classifier.score(test.features, test.labels.map { names[$0] }) > 0.95)
        #expect(classifier.predict(Matrix([[0, 1], [1, -0.5]])) == ["lower", "upper"])
        #expect(regressor.score(x, y) > 0.99)
        #expect(try MLPRegressor<Double>(contentsOfFile: file).predict(x) == regressor.predict(x))
    }

    /// "Getting started": the data, model and trainer the other examples
    /// continue from.
    static func gettingStarted() -> (
        training: Dataset<Float>, test: Dataset<Float>,
        standardization: Standardization<Float>, model: Sequential<Float>
    ) {
        // --- GettingStarted.md: data ---
        var generator = Xoshiro256StarStar(seed: 1)
        let data = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
        var (training, test) = data.split(validationFraction: 0.2, using: &generator)
        let standardization = Standardization(fittedTo: training)
        training.standardize(with: standardization)
        test.standardize(with: standardization)
        // --- GettingStarted.md: a first model ---
        let model = Sequential<Float>(
            inputs: 2,
            layers: [.dense(outputs: 32, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        print(model.summary)
        // --- end ---
        return (training, test, standardization, model)
    }

    @Test("Getting started: train, evaluate, save and load")
    func firstModel() throws {
        let (training, test, standardization, model) = Self.gettingStarted()
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("moons.safetensors").path

        // --- GettingStarted.md: a first model (training) ---
        var trainer = Trainer(
            model: model, optimizer: .adam(learningRate: 0.01), batchSize: 32, seed: 2)
        try trainer.fit(training: training, validation: test, epochs: 50) { record, _ in
            if record.epoch % 10 == 0 { print(record.summary(epochCount: 50)) }
            return .proceed
        }
        // --- GettingStarted.md: evaluate ---
        let (loss, accuracy) = try trainer.evaluate(test)
        let predicted = try trainer.predictClasses(test)
        let confusion = try ConfusionMatrix(
            predicted: predicted, actual: test.labels, classCount: model.classCount)
        print(loss, accuracy)
        print(confusion.classificationReport())
        // --- GettingStarted.md: save and load ---
        try ModelCheckpoint(model: trainer.evaluationModel, standardization: standardization)
            .write(toFile: path)
        let saved = try ModelCheckpoint<Float>(contentsOfFile: path)
        print(saved.predictClasses(Matrix([[0, 1], [1, -0.5]])))  // [0, 1]
        // --- end ---
        #expect(trainer.history.records.count == 50)
        #expect(accuracy > 0.95 && loss < 0.2)
        #expect(saved.predictClasses(Matrix([[0, 1], [1, -0.5]])) == [0, 1])
    }

    @Test("Training from Swift: callbacks, history, checkpoints, resuming, stop requests")
    func trainingFromSwift() throws {
        let (training, test, standardization, model) = Self.gettingStarted()
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = { (name: String) in directory.appendingPathComponent(name) }
        let run = file("run.safetensors").path

        // --- TrainingFromSwift.md: configuring a run ---
        var trainer = Trainer(
            model: model,
            optimizer: .adam(learningRate: 0.01, schedule: .cosine(updates: 2_000)),
            batchSize: 32, seed: 2,
            averaging: .exponential(decay: 0.999),
            earlyStopping: EarlyStopping(metric: .validationLoss, patience: 5))
        // --- TrainingFromSwift.md: fitting ---
        try trainer.fit(training: training, validation: test, epochs: 100) { record, trainer in
            print(record.summary(epochCount: 100))
            return record.validationAccuracy == 1 ? .stop : .proceed
        }
        if trainer.stoppedEarly { print("best epoch:", trainer.bestEpoch) }
        try trainer.history.write(to: file("history.csv"))
        try HistoryPlot(history: trainer.history).write(to: file("curves.svg"))
        // --- end ---
        #expect(try trainer.evaluate(test).accuracy > 0.95)
        #expect(
            try TrainingHistory(contentsOf: file("history.csv")).records.count
                == trainer.history.records.count)

        // --- TrainingFromSwift.md: checkpoints and resuming ---
        try trainer.fit(training: training, validation: test, epochs: 100) { _, trainer in
            try TrainingCheckpoint(trainer: trainer, standardization: standardization)
                .write(toFile: run)
            return .proceed
        }
        // --- end ---

        // A run stopped by a request in its third epoch, then resumed from
        // its checkpoint, ends on the same weights as an uninterrupted one.
        var uninterrupted = Trainer(model: model, optimizer: .adam(learningRate: 0.01), seed: 3)
        try uninterrupted.fit(training: training, validation: test, epochs: 4)
        trainer = Trainer(model: model, optimizer: .adam(learningRate: 0.01), seed: 3)
        let stop = StopRequest()  // the article's comes from onStopSignals
        // --- TrainingFromSwift.md: stopping on request ---
        trainer.stopRequest = stop
        try trainer.fit(training: training, validation: test, epochs: 4) { progress in
            if progress.epoch == 3 && progress.samples >= 300 { stop.request() }
        }
        if trainer.stoppedOnRequest {
            try TrainingCheckpoint(trainer: trainer).write(toFile: run)
        }
        // --- TrainingFromSwift.md: resuming ---
        let checkpoint = try TrainingCheckpoint<Float>(contentsOfFile: run)
        var resumed = checkpoint.trainer
        try resumed.fit(training: training, validation: test, epochs: 4)
        // --- end ---
        #expect(trainer.stoppedOnRequest && trainer.epochInProgress?.epoch == 3)
        #expect(resumed.epochsCompleted == 4)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)

        // --- TrainingFromSwift.md: second-order methods ---
        var lbfgs = Trainer(model: model, optimizer: .lbfgs(historySize: 10), seed: 2)
        try lbfgs.fit(training: training, validation: test, epochs: 20)
        print(lbfgs.minimizationStatus?.sentence ?? "ran all its epochs")
        // --- end ---
        #expect(try lbfgs.evaluate(test).accuracy > 0.95)
    }

    @Test("Second-order methods: bounds, and a network's objective")
    func secondOrder() {
        // --- SecondOrderMethods.md: constraints and penalties ---
        // Every third variable of chained Rosenbrock in [-2, 0.5], the others free.
        let n = 100
        let bounds = BoxConstraints<Double>(
            lower: (0..<n).map { $0 % 3 == 0 ? -2 : -.infinity },
            upper: (0..<n).map { $0 % 3 == 0 ? 0.5 : .infinity })
        var chained = Rosenbrock<Double>(.chained, dimension: n)
        let bounded = LBFGSB<Double>(bounds: bounds).minimize(&chained, from: chained.standardStart)
        print(bounds.contains(bounded.parameters))  // true
        // --- end ---
        #expect(bounds.contains(bounded.parameters) && bounded.converged)

        let (training, _, _, model) = Self.gettingStarted()
        // --- SecondOrderMethods.md: on a network ---
        var objective = NetworkObjective(model: model, dataset: training)
        let fitted = LBFGS<Float>().minimize(&objective, from: model.parameters)
        // --- end ---
        let start = objective.value(at: model.parameters)
        #expect(fitted.value < start / 10)
    }
}
