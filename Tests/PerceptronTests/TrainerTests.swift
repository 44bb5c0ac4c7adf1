import Foundation
import Perceptron
import Testing

/// Training glue: exact resumption, failure on non-finite values, early
/// stopping.
@Suite("Trainer", .serialized)
struct TrainerTests {
    static func spiralData(seed: UInt64) -> Dataset<Double> {
        var generator = Xoshiro256StarStar(seed: seed)
        return Dataset<Double>.spirals(
            count: 300, arms: 2, turns: 1.5, noise: 0.05, using: &generator)
    }

    static func trainer(seed: UInt64 = 7, earlyStopping: EarlyStopping? = nil) -> Trainer<Double> {
        var generator = Xoshiro256StarStar(seed: seed)
        let model = Sequential<Double>(
            inputs: 2,
            layers: [
                .dense(outputs: 24, activation: .tanh), .dropout(rate: 0.1), .dense(outputs: 2),
            ],
            loss: .softmaxCrossEntropy, using: &generator)
        return Trainer(
            model: model,
            optimizer: .adam(learningRate: 0.01, schedule: .inverse(rate: 1e-3)),
            batchSize: 32, seed: seed, averaging: .geometric(decay: 0.9),
            earlyStopping: earlyStopping)
    }

    @Test("a run resumed from a checkpoint ends with the same weights as an uninterrupted one")
    func resumeIsExact() throws {
        let data = Self.spiralData(seed: 1)
        var splitGenerator = Xoshiro256StarStar(seed: 2)
        let (training, validation) = data.split(
            validationFraction: 0.2, stratified: true, using: &splitGenerator)
        var uninterrupted = Self.trainer()
        _ = try uninterrupted.fit(training: training, validation: validation, epochs: 5)

        var first = Self.trainer()
        _ = try first.fit(training: training, validation: validation, epochs: 3)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "resume-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try TrainingCheckpoint(trainer: first).write(to: url)
        var resumed = try TrainingCheckpoint<Double>(contentsOf: url).trainer
        #expect(resumed.epochsCompleted == 3)
        _ = try resumed.fit(training: training, validation: validation, epochs: 5)

        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.history == uninterrupted.history.withSecondsFrom(resumed.history))
        #expect(resumed.optimizer.state == uninterrupted.optimizer.state)
        #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
        // And training did something.
        #expect(resumed.history.records.last!.loss < resumed.history.records.first!.loss)
    }

    @Test(
        "a non-finite loss stops training, naming the epoch and step, with the last good weights kept"
    )
    func nonFiniteLoss() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        let data = Dataset<Double>.blobs(count: 64, centerCount: 2, using: &generator)
        let model = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 8, activation: .relu), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(
            model: model, optimizer: .sgd(learningRate: 1e30),
            batchSize: 16, seed: 1)
        let error = #expect(throws: TrainingError.self) {
            _ = try trainer.fit(training: data, epochs: 3)
        }
        guard case .nonFiniteLoss(let epoch, let step, _)? = error else {
            Issue.record("expected a non-finite loss, got \(String(describing: error))")
            return
        }
        #expect(error!.description.contains("at epoch \(epoch), step \(step)"))
        // The failing step was not applied.
        #expect(trainer.model.parameters.allSatisfy { $0.isFinite })
    }

    @Test("early stopping ends training and restores the best weights")
    func earlyStopping() throws {
        let data = Self.spiralData(seed: 4)
        var splitGenerator = Xoshiro256StarStar(seed: 5)
        let (training, validation) = data.split(
            validationFraction: 0.3, stratified: true, using: &splitGenerator)
        // A learning rate far too large makes the validation loss worse after
        // the first epochs, so patience runs out.
        var trainer = Self.trainer(
            earlyStopping: EarlyStopping(metric: .validationLoss, patience: 2))
        trainer.optimizer = TrainingOptimizer(.sgd(learningRate: 5))
        let history = try trainer.fit(training: training, validation: validation, epochs: 50)
        #expect(trainer.stoppedEarly)
        #expect(history.records.count < 50)
        #expect(history.records.count == trainer.bestEpoch + 2)
        // The restored weights reproduce the best epoch's validation loss.
        let best = history.records[trainer.bestEpoch - 1].validationLoss!
        #expect(Swift.abs(try trainer.evaluate(validation).loss - best) < 1e-12)
    }

    @Test("early stopping on a validation metric without validation data is an error")
    func earlyStoppingNeedsValidation() {
        var trainer = Self.trainer(earlyStopping: EarlyStopping(metric: .validationAccuracy))
        #expect(throws: TrainingError.earlyStoppingNeedsValidation(.validationAccuracy)) {
            _ = try trainer.fit(training: Self.spiralData(seed: 6), epochs: 1)
        }
    }

    @Test("a per-epoch callback can stop the run")
    func callbackStops() throws {
        var trainer = Self.trainer()
        let history = try trainer.fit(
            training: Self.spiralData(seed: 8), epochs: 10,
            onEpoch: { record, _ in
                record.epoch == 2 ? .stop : .proceed
            })
        #expect(history.records.count == 2 && trainer.epochsCompleted == 2)
    }
}

extension TrainingHistory {
    /// This history with the wall-clock fields of `other`: timings differ
    /// between runs, everything else must not.
    func withSecondsFrom(_ other: TrainingHistory) -> TrainingHistory {
        var copy = self
        for index in copy.records.indices where index < other.records.count {
            copy.records[index].seconds = other.records[index].seconds
            copy.records[index].samplesPerSecond = other.records[index].samplesPerSecond
        }
        return copy
    }
}
