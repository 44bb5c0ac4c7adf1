import Perceptron
import Testing

/// Data that does not fit the model is a thrown error from every entry
/// point of `Trainer`, naming both sizes, in debug and release builds alike:
/// it comes from files, so the caller must be able to report it.
@Suite("Data that does not fit the model")
struct DataMismatchTests {
    /// A 2-input, 3-class model.
    static func trainer() -> Trainer<Double> {
        var generator = Xoshiro256StarStar(seed: 1)
        let model = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 4, activation: .tanh), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, using: &generator)
        return Trainer(model: model, optimizer: OptimizerConfiguration(.sgd), batchSize: 4, seed: 1)
    }

    static func data(features: Int, classes: Int) throws -> Dataset<Double> {
        var generator = Xoshiro256StarStar(seed: 2)
        return try Dataset(
            features: Matrix(randomNormalRows: 12, columns: features, using: &generator),
            labels: (0..<12).map { $0 % classes }, classCount: classes)
    }

    @Test("3 features for a 2-input model: fit, evaluate and predictClasses throw")
    func featureCount() throws {
        var trainer = Self.trainer()
        let wide = try Self.data(features: 3, classes: 3)
        #expect(throws: TrainingError.featureCountMismatch(role: "training", found: 3, expected: 2)) {
            try trainer.fit(training: wide, epochs: 1)
        }
        #expect(
            throws: TrainingError.featureCountMismatch(role: "validation", found: 3, expected: 2)
        ) {
            try trainer.fit(training: Self.data(features: 2, classes: 3), validation: wide, epochs: 1)
        }
        #expect(throws: TrainingError.featureCountMismatch(role: "evaluation", found: 3, expected: 2)) {
            try trainer.evaluate(wide)
        }
        #expect(throws: TrainingError.featureCountMismatch(role: "prediction", found: 3, expected: 2)) {
            try trainer.predictClasses(wide)
        }
        #expect(
            TrainingError.featureCountMismatch(role: "training", found: 3, expected: 2).description
                == "the training data has 3 features per sample but the model takes 2")
    }

    @Test("4 classes for a 3-class model throw; 2 classes are fine")
    func classCount() throws {
        var trainer = Self.trainer()
        #expect(throws: TrainingError.tooManyClasses(role: "training", found: 4, modelClasses: 3)) {
            try trainer.fit(training: Self.data(features: 2, classes: 4), epochs: 1)
        }
        let fewer = try Self.data(features: 2, classes: 2)
        try trainer.fit(training: fewer, epochs: 1)
        #expect(try trainer.predictClasses(fewer).count == 12)
    }

    @Test("a binary cross-entropy model with one output predicts 2 classes")
    func binaryClassCount() {
        var generator = Xoshiro256StarStar(seed: 1)
        let model = Sequential<Float>(
            inputs: 2, layers: [.dense(outputs: 1)], loss: .binaryCrossEntropy, using: &generator)
        #expect(model.classCount == 2)
    }
}
