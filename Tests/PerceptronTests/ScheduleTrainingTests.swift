import Foundation
import Perceptron
import Testing

/// The schedules in training: the trainer reports every epoch's loss to a
/// reduce-on-plateau schedule, the plateau's state travels in the
/// optimizer's state (and so in checkpoints), and a resumed run continues
/// bit for bit.
@Suite("Schedules in training", .serialized)
struct ScheduleTrainingTests {
    static func trainer(
        _ schedule: OptimizerConfiguration.Schedule, learningRate: Double = 0.05
    ) -> Trainer<Double> {
        var generator = Xoshiro256StarStar(seed: 7)
        let model = Sequential<Double>(
            inputs: 2,
            layers: [
                .dense(outputs: 24, activation: .tanh), .dropout(rate: 0.1), .dense(outputs: 2),
            ],
            loss: .softmaxCrossEntropy, using: &generator)
        return Trainer(
            model: model,
            optimizer: .adam(learningRate: learningRate, schedule: schedule),
            batchSize: 32, seed: 7, averaging: .geometric(decay: 0.9))
    }

    static func data() -> (training: Dataset<Double>, validation: Dataset<Double>) {
        let data = TrainerTests.spiralData(seed: 1)
        var generator = Xoshiro256StarStar(seed: 2)
        return data.split(validationFraction: 0.2, stratified: true, using: &generator)
    }

    /// The learning rate of every epoch, replayed through a fresh
    /// ``ReduceOnPlateau`` on the losses the history recorded.
    static func replayedRates(
        _ history: TrainingHistory, initial: Double, plateau: ReduceOnPlateau<Double>,
        monitoring loss: (EpochRecord) -> Double
    ) -> [Double] {
        var plateau = plateau
        return history.records.map { record in
            defer { plateau.observe(loss(record)) }
            return initial * plateau.multiplier
        }
    }

    @Test("the rate is cut when the validation loss stalls for PATIENCE epochs, and only then")
    func plateauOnValidationLoss() throws {
        let (training, validation) = Self.data()
        var trainer = Self.trainer(.plateau(factor: 0.5, patience: 2, minimumImprovement: 0.002))
        try trainer.fit(training: training, validation: validation, epochs: 12)
        let rates = trainer.history.records.map(\.learningRate)
        let expected = Self.replayedRates(
            trainer.history, initial: 0.05,
            plateau: ReduceOnPlateau(factor: 0.5, patience: 2, minimumImprovement: 0.002),
            monitoring: { $0.validationLoss! })
        #expect(rates == expected)
        // The run did stall, and was cut more than once.
        #expect(Set(rates).count >= 3, "\(rates)")
        #expect(
            trainer.optimizer.currentLearningRate == 0.05
                * trainer.optimizer.schedule!.plateau!.multiplier)
    }

    @Test("without a validation set the plateau watches the training loss, and keeps its floor")
    func plateauOnTrainingLoss() throws {
        let (training, _) = Self.data()
        var trainer = Self.trainer(
            .plateau(factor: 0.5, patience: 1, minimum: 0.25, minimumImprovement: 0.01))
        try trainer.fit(training: training, epochs: 10)
        let rates = trainer.history.records.map(\.learningRate)
        #expect(
            rates
                == Self.replayedRates(
                    trainer.history, initial: 0.05,
                    plateau: ReduceOnPlateau(
                        factor: 0.5, patience: 1, minimum: 0.25, minimumImprovement: 0.01),
                    monitoring: \.loss))
        #expect(rates.min() == 0.05 * 0.25, "\(rates)")
    }

    @Test(
        "a run resumed from a checkpoint continues its schedule exactly",
        arguments: [
            OptimizerConfiguration.Schedule.warmup(
                updates: 20, then: .plateau(factor: 0.5, patience: 2, minimumImprovement: 0.002)),
            .plateau(factor: 0.5, patience: 2, minimumImprovement: 0.002),
            .warmup(updates: 15, then: .cosine(updates: 60, minimum: 0.1)),
        ])
    func resumeIsExact(schedule: OptimizerConfiguration.Schedule) throws {
        let (training, validation) = Self.data()
        var uninterrupted = Self.trainer(schedule)
        try uninterrupted.fit(training: training, validation: validation, epochs: 10)

        var first = Self.trainer(schedule)
        try first.fit(training: training, validation: validation, epochs: 4)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schedule-resume-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try TrainingCheckpoint(trainer: first).write(to: url)
        var resumed = try TrainingCheckpoint<Double>(contentsOf: url).trainer
        #expect(resumed.optimizer.state == first.optimizer.state)
        #expect(resumed.optimizer.schedule == first.optimizer.schedule)
        try resumed.fit(training: training, validation: validation, epochs: 10)

        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.history == uninterrupted.history.withSecondsFrom(resumed.history))
        #expect(resumed.optimizer.state == uninterrupted.optimizer.state)
        #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
        // The rate changed both before and after the checkpoint.
        let rates = uninterrupted.history.records.map(\.learningRate)
        #expect(Set(rates[..<4]).count > 1 && Set(rates[4...]).count > 1, "\(rates)")
    }

    @Test("the plateau's state is in the optimizer's scalars, in every partition, and is checked")
    func plateauState() throws {
        let configuration = OptimizerConfiguration.sgd(
            learningRate: 0.4, schedule: .plateau(factor: 0.25, patience: 1))
        var optimizer = TrainingOptimizer<Double>(configuration)
        #expect(
            optimizer.state.scalars == [
                "plateau.multiplier": 1, "plateau.epochsWithoutImprovement": 0,
            ])
        #expect(optimizer.observeEpoch(1) == false)
        #expect(optimizer.observeEpoch(1) == true)
        #expect(optimizer.currentLearningRate == 0.1)
        #expect(
            optimizer.state.scalars == [
                "plateau.multiplier": 0.25, "plateau.epochsWithoutImprovement": 0,
                "plateau.best": 1,
            ])

        // Split over three ranges, every range takes the cut rate.
        optimizer.partition(into: 3)
        #expect(optimizer.partitionCount == 3)
        var parameters = [Double](repeating: 1, count: 7)
        optimizer.update(&parameters, along: [Double](repeating: 1, count: 7))
        #expect(parameters == [Double](repeating: 1 - 0.1, count: 7))
        #expect(optimizer.observeEpoch(2) == true)
        #expect(optimizer.state.scalars["plateau.multiplier"] == 0.0625)
        optimizer.update(&parameters, along: [Double](repeating: 1, count: 7))
        #expect(parameters == [Double](repeating: 1 - 0.1 - 0.025, count: 7))

        // Restored into a fresh optimizer, and refused where it does not fit.
        var restored = TrainingOptimizer<Double>(configuration)
        try restored.restore(optimizer.state)
        #expect(restored.state == optimizer.state)
        #expect(restored.currentLearningRate == optimizer.currentLearningRate)
        var constant = TrainingOptimizer<Double>(.sgd(learningRate: 0.4))
        #expect(throws: OptimizerStateError.self) { try constant.restore(optimizer.state) }
        #expect(throws: OptimizerStateError.self) { try restored.restore(constant.state) }
    }

    @Test("a second-order method ignores the epochs' losses")
    func minimizerIgnoresLosses() {
        var optimizer = TrainingOptimizer<Double>(.lbfgs())
        #expect(optimizer.schedule == nil)
        #expect(!optimizer.observeEpoch(1) && !optimizer.observeEpoch(2))
        #expect(optimizer.state.scalars.isEmpty)
    }
}
