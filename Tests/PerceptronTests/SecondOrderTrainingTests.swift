import Foundation
import Perceptron
import Testing

/// Training a network with the second-order methods through ``Trainer``:
/// an epoch is a fixed number of minimizer iterations, with the same
/// history, validation, checkpoints and callbacks as first-order training.
@Suite("Second-order training")
struct SecondOrderTrainingTests {
    /// 240 two-moons points, 20% held out.
    static func moons() -> (training: Dataset<Double>, validation: Dataset<Double>) {
        var generator = Xoshiro256StarStar(seed: 21)
        let data = Dataset<Double>.moons(count: 240, noise: 0.1, using: &generator)
        return data.split(validationFraction: 0.2, stratified: true, using: &generator)
    }

    /// A 2-8-8-2 tanh network: 114 parameters.
    static func model(layers: [Layer]? = nil) -> Sequential<Double> {
        var generator = Xoshiro256StarStar(seed: 5)
        return Sequential<Double>(
            inputs: 2,
            layers: layers ?? [
                .dense(outputs: 8, activation: .tanh), .dense(outputs: 8, activation: .tanh),
                .dense(outputs: 2),
            ],
            loss: .softmaxCrossEntropy, regularization: Regularization(l2: 1e-4),
            using: &generator)
    }

    static let methods: [OptimizerConfiguration] = [
        .lbfgs(), .bfgs(), .conjugateGradient(), .conjugateGradient(.fletcherReeves),
        .hessianFree(), .newton(iterationsPerEpoch: 3),
    ]

    @Test("every method lowers the loss markedly, one history row per epoch", arguments: methods)
    func trains(configuration: OptimizerConfiguration) throws {
        let (training, validation) = Self.moons()
        var trainer = Trainer(model: Self.model(), optimizer: configuration, seed: 1)
        let initial = try trainer.evaluate(training).loss
        let epochs = 4
        var seen: [Int] = []
        let history = try trainer.fit(
            training: training, validation: validation, epochs: epochs,
            onEpoch: { record, _ in
                seen.append(record.epoch)
                return .proceed
            })
        let perEpoch = configuration.effectiveIterationsPerEpoch
        let records = history.records
        let final = records.last!
        print(configuration.summary, "loss", initial, "->", final.loss, final.summary())
        #expect(trainer.minimizationStatus == nil, "\(trainer.minimizationStatus!.sentence)")
        #expect(seen == [1, 2, 3, 4] && records.map(\.epoch) == [1, 2, 3, 4])
        #expect(final.loss < 0.3 * initial, "\(configuration.summary): \(initial) -> \(final.loss)")
        #expect(final.validationAccuracy! > 0.9)
        // The record's loss is the training loss at the epoch's weights.
        #expect(abs(try trainer.evaluate(training).loss - final.loss) < 1e-9)
        for (index, record) in records.enumerated() {
            #expect(record.iterations == (index + 1) * perEpoch)
            #expect(record.functionEvaluations! > record.iterations!)
            #expect(record.gradientNorm!.isFinite && record.validationLoss != nil)
            #expect(record.seconds > 0 && record.samplesPerSecond > 0)
            // Every method keeps the best point: the loss never rises.
            if index > 0 { #expect(record.loss <= records[index - 1].loss) }
        }
        #expect(trainer.optimizer.stepCount == epochs * perEpoch)
    }

    @Test("the history CSV has the minimizer's columns and reads back")
    func historyColumns() throws {
        var trainer = Trainer(model: Self.model(), optimizer: .lbfgs(), seed: 1)
        let history = try trainer.fit(training: Self.moons().training, epochs: 2)
        let lines = history.csv.split(separator: "\n")
        #expect(
            lines[0]
                == "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second,iterations,function_evaluations,gradient_norm"
        )
        let fields = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields.count == 11 && fields[8] == "20")
        #expect(Int(fields[9]) == history.records[1].functionEvaluations)
        #expect(try TrainingHistory(csv: history.csv) == history)
        #expect(history.records[1].summary().contains("iterations 20  evaluations "))
    }

    @Test("a checkpoint written mid-run resumes the epoch and iteration counts")
    func resumes() throws {
        let (training, validation) = Self.moons()
        var snapshot: SafeTensors?
        var trainer = Trainer(
            model: Self.model(), optimizer: .lbfgs(historySize: 5, iterationsPerEpoch: 8),
            seed: 1)
        try trainer.fit(
            training: training, validation: validation, epochs: 3,
            onEpoch: { record, current in
                if record.epoch == 2 {
                    snapshot = try TrainingCheckpoint(trainer: current).safeTensors()
                }
                return .proceed
            })
        let checkpoint = try TrainingCheckpoint<Double>(
            try SafeTensors(decoding: try #require(snapshot).encoded()))
        var resumed = checkpoint.trainer
        #expect(resumed.epochsCompleted == 2 && resumed.optimizer.stepCount == 16)
        #expect(resumed.optimizer.configuration == .lbfgs(historySize: 5, iterationsPerEpoch: 8))
        #expect(resumed.model.parameters != trainer.model.parameters)
        try resumed.fit(training: training, validation: validation, epochs: 4)
        let records = resumed.history.records
        #expect(records.map(\.epoch) == [1, 2, 3, 4])
        #expect(Array(records.prefix(2)) == Array(trainer.history.records.prefix(2)))
        #expect(records.map(\.iterations) == [8, 16, 24, 32])
        #expect(records[2].functionEvaluations! > records[1].functionEvaluations!)
        #expect(records[3].loss < records[1].loss)
        #expect(resumed.optimizer.state.stepCount == 32)
    }

    @Test("L-BFGS on a large batch drawn afresh each epoch, reproducibly")
    func largeBatch() throws {
        let training = Self.moons().training
        func run() throws -> Trainer<Double> {
            var trainer = Trainer(
                model: Self.model(), optimizer: .lbfgs(batchSize: 96, iterationsPerEpoch: 10),
                seed: 3)
            try trainer.fit(training: training, epochs: 5)
            return trainer
        }
        let first = try run()
        let second = try run()
        #expect(first.model.parameters == second.model.parameters)
        let records = first.history.records
        #expect(records.count == 5 && records.last!.iterations == 50)
        // Each epoch's loss is on its own batch; on the whole set it fell.
        let untrained = Trainer(model: Self.model(), optimizer: .lbfgs(), seed: 3)
        let initial = try untrained.evaluate(training).loss
        let final = try first.evaluate(training)
        #expect(final.loss < 0.3 * initial && final.accuracy > 0.9, "\(initial) -> \(final)")
        // Different batches: the first epoch's training loss is on another
        // batch than the one its successor starts from.
        #expect(Set(records.map(\.loss)).count == 5)
    }

    @Test("a minimizer that converges ends training with its status and a partial epoch")
    func convergence() throws {
        let configuration = OptimizerConfiguration(
            .lbfgs(.init(iterationsPerEpoch: 25, gradientTolerance: 1e-3)))
        // Logistic regression on well-separated blobs: convex, and quickly
        // minimized to ||g|| < 1e-3.
        var generator = Xoshiro256StarStar(seed: 2)
        let data = Dataset<Double>.blobs(count: 100, centerCount: 2, using: &generator)
        var trainer = Trainer(
            model: Self.model(layers: [.dense(outputs: 2)]), optimizer: configuration, seed: 1)
        let history = try trainer.fit(training: data, epochs: 50)
        #expect(trainer.minimizationStatus == .convergedByGradientNorm)
        #expect(history.records.count < 50)
        let last = history.records.last!
        #expect(last.gradientNorm! <= 1e-3 * max(1, trainer.model.parameters.norm))
        #expect(last.iterations! % 25 != 0, "the last epoch is partial: \(last.iterations!)")
        #expect(trainer.epochsCompleted == history.records.count)
    }

    @Test("onEpoch stops the minimizer at the end of an epoch")
    func callbackStops() throws {
        var trainer = Trainer(model: Self.model(), optimizer: .conjugateGradient(), seed: 1)
        let history = try trainer.fit(
            training: Self.moons().training, epochs: 10,
            onEpoch: { record, _ in
                record.epoch == 2 ? .stop : .proceed
            })
        #expect(history.records.count == 2 && trainer.optimizer.stepCount == 20)
        #expect(trainer.minimizationStatus == nil)
    }

    @Test("dropout, Polyak averaging and Newton or BFGS on a large model are refused")
    func refused() throws {
        let training = Self.moons().training
        let dropout = Self.model(layers: [
            .dense(outputs: 8, activation: .tanh), .dropout(rate: 0.2), .dense(outputs: 2),
        ])
        var trainer = Trainer(model: dropout, optimizer: .lbfgs(), seed: 1)
        #expect(throws: TrainingError.randomLayer(method: .lbfgs, layer: "dropout 0.2")) {
            try trainer.fit(training: training, epochs: 1)
        }
        #expect(
            TrainingError.randomLayer(method: .lbfgs, layer: "dropout 0.2").description
                == "lbfgs needs a deterministic loss, but the model has a 'dropout 0.2' layer; remove it (--dropout 0, --input-noise 0) or use a first-order optimizer"
        )
        // 2-48-48-2: 2,594 parameters.
        let large = Self.model(layers: [
            .dense(outputs: 48, activation: .tanh), .dense(outputs: 48, activation: .tanh),
            .dense(outputs: 2),
        ])
        trainer = Trainer(model: large, optimizer: .newton(), seed: 1)
        let error = TrainingError.tooManyParameters(method: .newton, count: 2_594, limit: 2_000)
        #expect(throws: error) { try trainer.fit(training: training, epochs: 1) }
        #expect(
            error.description
                == "newton keeps a dense 2594 x 2594 matrix; it is limited to 2000 parameters and the model has 2594; use lbfgs or hessian-free"
        )
        trainer = Trainer(model: large, optimizer: .bfgs(), seed: 1)
        #expect(throws: Never.self) { try trainer.fit(training: training, epochs: 1) }
        trainer = Trainer(model: Self.model(), optimizer: .lbfgs(), seed: 1, averaging: .uniform)
        #expect(throws: TrainingError.averagingWithMinimizer(.lbfgs)) {
            try trainer.fit(training: training, epochs: 1)
        }
        #expect(trainer.history.records.isEmpty)
    }
}

extension OptimizerConfiguration: CustomTestStringConvertible {
    public var testDescription: String { summary }
}

extension Array where Element == Double {
    /// `||self||_2`.
    var norm: Double { BLAS.nrm2(self) }
}
