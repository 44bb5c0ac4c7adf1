import Foundation
import Perceptron
import Testing

/// The signatures a user writes first (issue 15, items 23 and 25): `fit`'s
/// trailing closure is `onEpoch`, `fit(additionalEpochs:)`, inference with
/// the evaluation (averaged) weights on a `let` trainer or model, and one
/// randomness convention, `using generator: inout some RandomNumberGenerator`.
@Suite("Trainer API", .serialized)
struct TrainerAPITests {
    static func data(seed: UInt64 = 1) -> (training: Dataset<Double>, test: Dataset<Double>) {
        var generator = Xoshiro256StarStar(seed: seed)
        let data = Dataset<Double>.moons(count: 300, noise: 0.1, using: &generator)
        let (training, test) = data.split(validationFraction: 0.2, using: &generator)
        return (training, test)
    }

    static func model(seed: UInt64 = 2) -> Sequential<Double> {
        var generator = Xoshiro256StarStar(seed: seed)
        return Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 16, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
    }

    /// Adam with an exponential average that lags far behind the weights
    /// after a few epochs, on one thread.
    static func trainer() -> Trainer<Double> {
        var trainer = Trainer(
            model: model(), optimizer: .adam(learningRate: 0.01), batchSize: 32, seed: 3,
            averaging: .exponential(decay: 0.999))
        trainer.threadBudget = 1
        return trainer
    }

    @Test("a trailing closure on fit is onEpoch, with the record and the trainer")
    func trailingClosureIsOnEpoch() throws {
        let (training, _) = Self.data()
        var trainer = Self.trainer()
        var epochs: [Int] = []
        try trainer.fit(training: training, epochs: 3) { record, trainer in
            epochs.append(record.epoch)
            #expect(trainer.epochsCompleted == record.epoch)
            return record.epoch == 2 ? .stop : .proceed
        }
        #expect(epochs == [1, 2] && trainer.epochsCompleted == 2)
    }

    @Test("onProgress stays available by label, alone or before a trailing onEpoch")
    func onProgressByLabel() throws {
        let (training, validation) = Self.data()
        var batches = 0
        var trainer = Self.trainer()
        try trainer.fit(training: training, epochs: 1, onProgress: { _ in batches += 1 })
        #expect(batches == (training.count + 31) / 32)
        var (progress, epochs) = (0, 0)
        try trainer.fit(
            training: training, validation: validation, epochs: 2,
            onProgress: { _ in progress += 1 }
        ) { record, _ in
            epochs += 1
            #expect(record.validationLoss != nil)
            return .proceed
        }
        #expect(progress == batches && epochs == 1)
        // The labelled form of before still compiles and runs.
        try trainer.fit(
            training: training, epochs: 3, onProgress: { _ in },
            onEpoch: { _, _ in .proceed })
        #expect(trainer.epochsCompleted == 3)
    }

    @Test("fit(additionalEpochs:) trains that many more epochs, as one longer run would")
    func additionalEpochs() throws {
        let (training, validation) = Self.data()
        var uninterrupted = Self.trainer()
        try uninterrupted.fit(training: training, validation: validation, epochs: 5)

        var trainer = Self.trainer()
        try trainer.fit(training: training, validation: validation, additionalEpochs: 2)
        #expect(trainer.epochsCompleted == 2)
        // After a checkpoint and a resume, too.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "additional-\(UUID()).safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainingCheckpoint(trainer: trainer).write(toFile: path)
        var resumed = try TrainingCheckpoint<Double>(contentsOfFile: path).trainer
        var seen: [Int] = []
        let history = try resumed.fit(
            training: training, validation: validation, additionalEpochs: 3
        ) { record, _ in
            seen.append(record.epoch)
            return .proceed
        }
        #expect(seen == [3, 4, 5] && history.records.count == 5)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
        // Zero more epochs is nothing.
        try resumed.fit(training: training, additionalEpochs: 0)
        #expect(resumed.epochsCompleted == 5)
    }

    @Test("predictions and evaluation use the averaged weights, on a let trainer")
    func averagedInference() throws {
        let (training, test) = Self.data()
        var trained = Self.trainer()
        try trained.fit(training: training, epochs: 3)
        let trainer = trained  // inference does not mutate
        let average = try #require(trainer.averaging?.average)
        #expect(trainer.evaluationModel.parameters == average)
        #expect(trainer.model.parameters != average)

        let probabilities = try trainer.predictProbabilities(test)
        #expect(probabilities.rows == test.count && probabilities.columns == 2)
        let features = test.features
        #expect(probabilities == trainer.evaluationModel.predictProbabilities(features))
        #expect(probabilities != trainer.model.predictProbabilities(features))
        for row in 0..<probabilities.rows {
            #expect(abs(probabilities[row, 0] + probabilities[row, 1] - 1) < 1e-12)
        }
        let classes = try trainer.predictClasses(test)
        #expect(classes == trainer.evaluationModel.predictClasses(features))
        #expect(classes == probabilities.rowArgmax())

        let evaluation = try trainer.evaluate(test)
        let direct = try trainer.evaluationModel.evaluate(features, labels: test.labels)
        #expect(abs(evaluation.loss - direct.loss) < 1e-12)
        #expect(evaluation.accuracy == direct.accuracy)
        #expect(try trainer.evaluationModel.evaluate(test) == evaluation)
    }

    @Test("predictProbabilities in batches and over threads equals one pass over the matrix")
    func probabilitiesInBatches() throws {
        let (training, test) = Self.data()
        var trainer = Self.trainer()
        try trainer.fit(training: training, epochs: 1)
        trainer.evaluationBatchSize = 7
        trainer.threadBudget = 2
        let batched = try trainer.predictProbabilities(test)
        let whole = trainer.evaluationModel.predictProbabilities(test.features)
        #expect(batched.rows == whole.rows)
        for (a, b) in zip(batched.elements, whole.elements) { #expect(abs(a - b) < 1e-12) }
        // A sigmoid output gives one probability per sample.
        var generator = Xoshiro256StarStar(seed: 4)
        let binary = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 4, activation: .tanh), .dense(outputs: 1)],
            loss: .binaryCrossEntropy, using: &generator)
        let sigmoid = try binary.predictProbabilities(test, batchSize: 5)
        #expect(sigmoid.columns == 1 && sigmoid == binary.predictProbabilities(test.features))
        #expect(try binary.predictProbabilities(test.subset([])).rows == 0)
    }

    @Test("a data set that does not fit throws from predictProbabilities")
    func probabilitiesThrow() throws {
        let trainer = Self.trainer()
        let wide = try Dataset<Double>(
            features: Matrix(rows: 3, columns: 3, repeating: 0), labels: [0, 1, 0], classCount: 2)
        #expect(throws: TrainingError.featureCountMismatch(role: "prediction", found: 3, expected: 2))
        {
            try trainer.predictProbabilities(wide)
        }
    }

    @Test("Sequential.evaluate runs on a let model and leaves its gradient alone")
    func sequentialEvaluateOnLet() throws {
        let (training, _) = Self.data()
        var trained = Self.model()
        _ = try trained.lossAndGradient(training.features, Targets(labels: training.labels))
        let gradient = trained.gradient
        let model = trained
        let x = training.features
        let result = try model.evaluate(x, labels: training.labels, batchSize: 50)
        var copy = model
        let loss = try copy.loss(x, Targets(labels: training.labels))
        #expect(abs(result.loss - Double(loss)) < 1e-12)
        #expect(result.accuracy == model.accuracy(x, labels: training.labels))
        #expect(model.gradient == gradient)
        #expect(throws: NetworkError.self) {
            try model.evaluate(Matrix(rows: 1, columns: 2, repeating: 0), labels: [5])
        }
    }

    /// A generator that is not `Xoshiro256StarStar`: a 64-bit linear
    /// congruential one (Knuth's MMIX constants).
    struct LinearCongruential: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test("every random choice takes any RandomNumberGenerator through using:")
    func randomnessConvention() throws {
        var lcg = LinearCongruential(state: 9)
        let data = Dataset<Double>.blobs(count: 60, centerCount: 3, using: &lcg)
        let (training, _) = data.split(validationFraction: 0.25, using: &lcg)
        let model = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 8, activation: .relu), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, using: &lcg)
        var again = LinearCongruential(state: 9)
        _ = Dataset<Double>.blobs(count: 60, centerCount: 3, using: &again)
        _ = data.split(validationFraction: 0.25, using: &again)
        let same = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 8, activation: .relu), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, using: &again)
        #expect(model.parameters == same.parameters && model.generator == same.generator)

        // A trainer seeded from one draw of the generator.
        var generator = LinearCongruential(state: 11)
        var drawn = Trainer(model: model, optimizer: .sgd(), batchSize: 16, using: &generator)
        var seedSource = LinearCongruential(state: 11)
        var seeded = Trainer(model: model, optimizer: .sgd(), batchSize: 16, seed: seedSource.next())
        #expect(drawn.generator == seeded.generator)
        try drawn.fit(training: training, epochs: 2)
        try seeded.fit(training: training, epochs: 2)
        #expect(drawn.model.parameters == seeded.model.parameters)

        // Shares: a generator in the same state on every member, as a seed.
        var shares: [Dataset<Double>] = []
        for rank in 0..<3 {
            var member = Xoshiro256StarStar(seed: 5)
            let share = data.share(rank: rank, of: 3, using: &member)
            #expect(share == data.share(rank: rank, of: 3, seed: 5))
            shares.append(share)
        }
        #expect(shares.map(\.count).reduce(0, +) == data.count)
    }

    /// The README's training example continued with this API; proposed for
    /// the README (the block between the markers), so it is kept compiling
    /// here until `ReadmeExampleTests` mirrors it.
    @Test("the proposed README example: more epochs, a trailing onEpoch, a model file")
    func proposedReadmeExample() throws {
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
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "moons-\(UUID()).safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [String] = []
        // --- README example: more epochs, saving the model ---
        try trainer.fit(training: training, validation: test, additionalEpochs: 5) { record, _ in
            print(record.summary())  // epoch 51  loss 0.0229  acc 0.9988  val_loss 0.0267  val_acc 1.0000 ...
            lines.append(record.summary())
            return .proceed
        }
        try ModelCheckpoint(model: trainer.evaluationModel).write(toFile: path)
        let saved = try ModelCheckpoint<Float>(contentsOfFile: path)
        print(saved.predictClasses(Matrix([[0, 1], [1, -0.5]])))  // [0, 1]
        // --- end ---
        #expect(lines.count == 5 && lines[0].hasPrefix("epoch 51"))
        #expect(saved.predictClasses(Matrix([[0, 1], [1, -0.5]])) == [0, 1])
        #expect(try saved.model.evaluate(test).accuracy > 0.95)
    }
}
