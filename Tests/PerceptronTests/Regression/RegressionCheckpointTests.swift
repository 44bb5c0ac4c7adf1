import Foundation
import Perceptron
import Testing

/// A regression's checkpoint keeps its target names and standardization,
/// so a model alone predicts in the targets' original units; files
/// without them still load. The trainer marks regression epochs, early
/// stopping watches R², and metrics sum across a group.
@Suite("Regression checkpoints and training")
struct RegressionCheckpointTests {
    /// 200 samples of `y = x1² + 0.5 x2` scaled to `100 y + 50` (units far
    /// from standardized ones), standardized targets, and a trainer.
    static func trained(epochs: Int = 20, validation: Bool = true) throws -> (
        trainer: Trainer<Double>, targets: Standardization<Double>, training: Dataset<Double>,
        validation: Dataset<Double>
    ) {
        let raw = try RegressionTrainingTests.quadratic(200)
        let scaled = try Dataset(
            features: raw.features,
            targets: Matrix(
                rows: raw.count, columns: 1,
                elements: raw.targetValues.elements.map { 100 * $0 + 50 }),
            targetNames: ["price"])
        var generator = Xoshiro256StarStar(seed: 4)
        var (training, held) = scaled.split(validationFraction: 0.2, using: &generator)
        let targets = Standardization(fittedToTargetsOf: training)
        training.standardizeTargets(with: targets)
        held.standardizeTargets(with: targets)
        var trainer = Trainer(
            model: RegressionTrainingTests.model(outputs: 1),
            optimizer: .adam(learningRate: 0.01), batchSize: 32, seed: 1,
            averaging: .exponential(decay: 0.99))
        trainer.threadBudget = 1
        try trainer.fit(training: training, validation: validation ? held : nil, epochs: epochs)
        return (trainer, targets, training, held)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "regression-\(UUID().uuidString)-\(name)"
        ).path
    }

    @Test(
        "target names and standardization round-trip in both kinds of file; the model predicts in original units"
    )
    func roundTrip() throws {
        let (trainer, targets, _, validation) = try Self.trained()
        let checkpoint = TrainingCheckpoint(
            trainer: trainer, targetNames: ["price"], targetStandardization: targets)
        #expect(checkpoint.isRegression)
        let path = Self.temporaryPath("training.safetensors")
        let modelPath = Self.temporaryPath("model.safetensors")
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: modelPath)
        }
        try checkpoint.write(toFile: path)
        let file = try SafeTensors(contentsOfFile: path)
        #expect(file.tensors["targetStandardization.means"]?.shape == [1])
        #expect(file.metadata["targetNames"] == "[\"price\"]")
        let read = try TrainingCheckpoint<Double>(contentsOfFile: path)
        #expect(read.targetNames == ["price"] && read.targetStandardization == targets)
        #expect(read.trainer.history == trainer.history)

        try read.modelCheckpoint.write(toFile: modelPath)
        let model = try ModelCheckpoint<Double>(contentsOfFile: modelPath)
        #expect(model.isRegression)
        #expect(model.targetNames == ["price"] && model.targetStandardization == targets)
        // y = c + s o, for the same inputs the trainer evaluated.
        let outputs = try trainer.predictProbabilities(validation)
        let predicted = model.predictTargets(validation.features)
        for i in 0..<validation.count {
            let expected = targets.means[0] + targets.standardDeviations[0] * outputs[i, 0]
            #expect(abs(predicted[i, 0] - expected) <= 1e-9 * abs(expected))
        }
        // In original units, close to the data's own: R² as the trainer's.
        var sums = RegressionSums(outputCount: 1)
        let actual = validation.targetValues
        for i in 0..<validation.count {
            sums.add(
                predictions: [predicted[i, 0]],
                targets: [targets.means[0] + targets.standardDeviations[0] * actual[i, 0]])
        }
        let metrics = try trainer.regressionMetrics(validation)
        #expect(abs(RegressionMetrics(sums).rSquared - metrics.rSquared) < 1e-9)
        #expect(metrics.rSquared > 0.5)
    }

    @Test(
        "a file without target names or standardization loads as before; wrong counts are refused")
    func olderAndWrongFiles() throws {
        let (trainer, targets, _, _) = try Self.trained(epochs: 1)
        let plain = TrainingCheckpoint(trainer: trainer)
        let file = try plain.safeTensors()
        #expect(file.metadata["targetNames"] == nil)
        #expect(!file.tensors.keys.contains { $0.hasPrefix("targetStandardization") })
        let read = try TrainingCheckpoint<Double>(file)
        #expect(!read.isRegression && read.targetStandardization == nil)
        // Without a target standardization, predictTargets is the outputs.
        let model = read.modelCheckpoint
        let x = Matrix<Double>([[0.5, -0.5]])
        #expect(model.predictTargets(x) == model.predictProbabilities(x))

        var twoNames = try TrainingCheckpoint(trainer: trainer, targetStandardization: targets)
            .safeTensors()
        twoNames.metadata["targetNames"] = "[\"a\",\"b\"]"
        #expect {
            try TrainingCheckpoint<Double>(twoNames, source: "two.safetensors")
        } throws: {
            "\($0)".contains("two.safetensors: 2 target names but the model has 1 outputs")
        }
        var wide = try TrainingCheckpoint(trainer: trainer, targetStandardization: targets)
            .safeTensors()
        wide.tensors["targetStandardization.means"] = .init([0.0, 1.0], shape: [2])
        #expect {
            try ModelCheckpoint<Double>(wide, source: "wide.safetensors")
        } throws: {
            "\($0)".contains("the target standardization has 2 targets but the model has 1 outputs")
        }
        var zero = try TrainingCheckpoint(trainer: trainer, targetStandardization: targets)
            .safeTensors()
        zero.tensors["targetStandardization.standardDeviations"] = .init([0.0], shape: [1])
        #expect {
            try ModelCheckpoint<Double>(zero, source: "zero.safetensors")
        } throws: {
            "\($0)".contains(
                "the target standardization's means or standard deviations are not finite and positive"
            )
        }
    }

    @Test(
        "every regression epoch is marked, also without validation; classification epochs are not")
    func epochMarks() throws {
        let (trainer, _, _, _) = try Self.trained(epochs: 2, validation: false)
        #expect(trainer.history.records.allSatisfy { $0.isRegression && !$0.hasRegressionMetrics })
        #expect(trainer.history.csv.hasPrefix(TrainingHistory.regressionCSVHeader + "\n"))
        let (withValidation, _, _, _) = try Self.trained(epochs: 2)
        #expect(
            withValidation.history.records.allSatisfy { $0.isRegression && $0.hasRegressionMetrics }
        )
        var generator = Xoshiro256StarStar(seed: 1)
        let moons = Dataset<Double>.moons(count: 64, noise: 0.1, using: &generator)
        var classifier = Trainer(
            model: Sequential<Double>(
                inputs: 2, layers: [.dense(outputs: 4, activation: .tanh), .dense(outputs: 2)],
                loss: .softmaxCrossEntropy, using: &generator),
            optimizer: .sgd(learningRate: 0.1), batchSize: 32, seed: 1)
        try classifier.fit(training: moons, validation: moons, epochs: 1)
        #expect(!classifier.history.records[0].isRegression)
    }

    @Test("early stopping on validation R² keeps the best epoch, and needs a validation set")
    func earlyStoppingOnRSquared() throws {
        let (_, _, training, validation) = try Self.trained(epochs: 1)
        var trainer = Trainer(
            model: RegressionTrainingTests.model(outputs: 1),
            optimizer: .adam(learningRate: 0.05), batchSize: 32, seed: 1,
            earlyStopping: EarlyStopping(metric: .validationRSquared, patience: 2))
        trainer.threadBudget = 1
        let history = try trainer.fit(training: training, validation: validation, epochs: 60)
        let best = try #require(history.best(by: .validationRSquared))
        #expect(trainer.bestEpoch == best.epoch)
        #expect(trainer.bestMetric == best.validationRSquared)
        #expect(trainer.stoppedEarly)
        #expect(history.records.count == best.epoch + 2)
        // The best weights are back: the validation R² is the best epoch's.
        #expect(
            abs(try trainer.regressionMetrics(validation).rSquared - best.validationRSquared!)
                < 1e-12)
        var unvalidated = Trainer(
            model: RegressionTrainingTests.model(outputs: 1), optimizer: .sgd(learningRate: 0.1),
            seed: 1, earlyStopping: EarlyStopping(metric: .validationMeanAbsoluteError))
        #expect(throws: TrainingError.earlyStoppingNeedsValidation(.validationMeanAbsoluteError)) {
            try unvalidated.fit(training: training, epochs: 1)
        }
    }

    @Test("regression metrics across a group are the metrics of the whole set")
    func acrossGroup() throws {
        let (trainer, _, _, validation) = try Self.trained(epochs: 3)
        let whole = try trainer.regressionMetrics(validation)
        let members = try DistributedTests.members(3) { member in
            var copy = trainer
            copy.threadBudget = 1
            return try copy.regressionMetrics(
                validation.share(rank: member.rank, of: 3, seed: 5), across: member)
        }
        #expect(members.allSatisfy { $0 == members[0] })
        #expect(abs(members[0].rSquared - whole.rSquared) < 1e-12)
        #expect(
            abs(members[0].meanSquaredError - whole.meanSquaredError) <= 1e-12
                * whole.meanSquaredError)
    }
}
