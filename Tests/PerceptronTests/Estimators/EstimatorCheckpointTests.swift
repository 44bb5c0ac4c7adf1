import Foundation
import Perceptron
import Testing

/// Estimators saved to and read from the safetensors checkpoint that
/// perceptron-train writes and reads.
@Suite("Estimator checkpoints")
struct EstimatorCheckpointTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("estimator-\(UUID().uuidString)-\(name).safetensors").path
    }

    @Test("a saved regressor predicts the same values in the targets' units, and trains on")
    func regressorRoundTrip() throws {
        let (x, y) = EstimatorTests.quadratic(200, outputs: 2, seed: 21)
        var regressor = MLPRegressor<Double>(hiddenLayers: [8], maximumIterations: 5, seed: 22)
        try regressor.fit(x, y)
        let path = Self.temporaryPath("regressor")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try regressor.write(toFile: path, targetNames: ["quadratic", "difference"])

        let saved = regressor.predict(x)
        var restored = try MLPRegressor<Double>(contentsOfFile: path)
        #expect(restored.configuration == regressor.configuration)
        #expect(restored.predict(x) == saved)

        // The same file is a perceptron-train checkpoint: names and units kept.
        let model = try TrainingCheckpoint<Double>(contentsOfFile: path).modelCheckpoint
        #expect(model.targetNames == ["quadratic", "difference"])
        let predicted = model.predictTargets(x)
        for i in 0..<x.rows {
            for j in 0..<2 {
                #expect(abs(predicted[i, j] - saved[i, j]) <= 1e-9 * (1 + abs(saved[i, j])))
            }
        }

        // The optimizer state came along: a partial fit continues exactly.
        try regressor.partialFit(x, y)
        try restored.partialFit(x, y)
        #expect(restored.trainer!.model.parameters == regressor.trainer!.model.parameters)
    }

    @Test("a saved classifier keeps its classes, read back as labels")
    func classifierRoundTrip() throws {
        let (x, labels) = EstimatorTests.blobs(seed: 23)
        var classifier = MLPClassifier<Float, String>(
            hiddenLayers: [8], maximumIterations: 5, seed: 24)
        try classifier.fit(x, labels)
        let path = Self.temporaryPath("classifier")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try classifier.write(toFile: path)
        let restored = try MLPClassifier<Float, String>(contentsOfFile: path)
        #expect(restored.classes == classifier.classes)
        #expect(restored.predict(x) == classifier.predict(x))
        #expect(restored.predictProbabilities(x) == classifier.predictProbabilities(x))

        #expect(throws: CheckpointError.self) { try MLPRegressor<Float>(contentsOfFile: path) }
        #expect(throws: CheckpointError.self) {
            try MLPClassifier<Float, Int>(contentsOfFile: path)
        }
    }

    @Test("a checkpoint written without an estimator reads as one that describes its network")
    func plainCheckpoint() throws {
        var generator = Xoshiro256StarStar(seed: 25)
        let data = Dataset<Float>.moons(count: 200, noise: 0.1, using: &generator)
        let standardization = Standardization(fittedTo: data)
        let model = Sequential<Float>(
            inputs: 2, layers: [.dense(outputs: 12, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(model: model, optimizer: .adam(learningRate: 0.01), seed: 26)
        try trainer.fit(training: data.standardized(with: standardization), epochs: 3)
        let path = Self.temporaryPath("plain")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainingCheckpoint(
            trainer: trainer, standardization: standardization, classNames: ["0", "1"]
        ).write(toFile: path)
        let classifier = try MLPClassifier<Float, Int>(contentsOfFile: path)
        #expect(classifier.classes == [0, 1])
        #expect(classifier.configuration.hiddenLayers == [12])
        #expect(classifier.configuration.activation == .tanh)
        #expect(classifier.configuration.solver == .adam(learningRate: 0.01))
        #expect(
            classifier.predict(data.features)
                == (try trainer.predictClasses(data.standardized(with: standardization))))
    }
}
