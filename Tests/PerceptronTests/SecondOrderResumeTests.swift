import Foundation
import Perceptron
import Testing

/// A second-order run saved in a checkpoint continues exactly: the
/// iterate, counts and curvature memory (``Trainer/minimizerRun``) travel
/// in the file, so a run resumed after k epochs takes the same iterates, to
/// the bit, as one that was never interrupted.
@Suite("Second-order resume")
struct SecondOrderResumeTests {
    /// A method as the trainer runs it: L-BFGS on a model with an L1
    /// penalty is OWL-QN.
    struct Method: Sendable, CustomTestStringConvertible {
        var configuration: OptimizerConfiguration
        var l1: Double = 0
        var testDescription: String {
            configuration.kind.rawValue + (l1 > 0 ? " with l1 (OWL-QN)" : "")
        }
    }

    static let methods: [Method] = [
        Method(configuration: .lbfgs(historySize: 5, iterationsPerEpoch: 6)),
        Method(configuration: .lbfgs(iterationsPerEpoch: 6), l1: 1e-3),
        Method(configuration: .bfgs(iterationsPerEpoch: 6)),
        Method(configuration: .conjugateGradient(iterationsPerEpoch: 6)),
        Method(configuration: .hessianFree(iterationsPerEpoch: 3)),
        Method(configuration: .newton(iterationsPerEpoch: 2)),
    ]

    static func trainer(_ method: Method) -> Trainer<Double> {
        var model = SecondOrderTrainingTests.model()
        model.regularization.l1 = method.l1
        return Trainer(model: model, optimizer: method.configuration, seed: 1)
    }

    /// The trainer after a round trip through a checkpoint's bytes.
    static func roundTrip(_ trainer: Trainer<Double>) throws -> Trainer<Double> {
        let bytes = try TrainingCheckpoint(trainer: trainer).safeTensors().encoded()
        return try TrainingCheckpoint<Double>(try SafeTensors(decoding: bytes)).trainer
    }

    @Test(
        "resumed from a checkpoint after 2 epochs, a run ends on the same bits", arguments: methods)
    func resumedRunIsIdentical(method: Method) throws {
        let (training, validation) = SecondOrderTrainingTests.moons()
        var uninterrupted = Self.trainer(method)
        try uninterrupted.fit(training: training, validation: validation, epochs: 4)
        var first = Self.trainer(method)
        try first.fit(training: training, validation: validation, epochs: 2)
        var resumed = try Self.roundTrip(first)
        #expect(resumed.minimizerRun != nil)
        try resumed.fit(training: training, validation: validation, epochs: 4)

        #expect(uninterrupted.minimizationStatus == nil, "the run must not end before epoch 4")
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        let (ours, theirs) = (resumed.history.records, uninterrupted.history.records)
        #expect(ours.map(\.loss) == theirs.map(\.loss))
        #expect(ours.map(\.iterations) == theirs.map(\.iterations))
        // No evaluation is repeated: the run does not start again.
        #expect(ours.map(\.functionEvaluations) == theirs.map(\.functionEvaluations))
        #expect(resumed.minimizerRun?.iterations == uninterrupted.minimizerRun?.iterations)
    }

    @Test("the run's vectors are tensors beside the model's, its scalars JSON")
    func runIsStoredAsTensors() throws {
        var trainer = Self.trainer(Self.methods[0])
        try trainer.fit(training: SecondOrderTrainingTests.moons().training, epochs: 1)
        let file = try TrainingCheckpoint(trainer: trainer).safeTensors()
        let n = trainer.model.parameterCount
        #expect(file.tensors["minimizer.point"]?.shape == [n])
        #expect(file.tensors["minimizer.gradient"]?.shape == [n])
        #expect(file.tensors["minimizer.memory.rule.steps"]?.shape == [5, n])
        #expect(file.tensors["minimizer.memory.rule.gradientChanges"]?.shape == [5, n])
        let header = try #require(file.metadata["minimizer"])
        #expect(header.count < 1_000, "\(header)")
        #expect(header.contains("\"iterations\":6"))
    }

    @Test("a checkpoint whose run does not fit the model is refused with a message")
    func mismatchedRunIsRefused() throws {
        var trainer = Self.trainer(Self.methods[0])
        try trainer.fit(training: SecondOrderTrainingTests.moons().training, epochs: 1)
        let file = try TrainingCheckpoint(trainer: trainer).safeTensors()

        var shortPair = file
        shortPair.tensors["minimizer.memory.rule.steps"] = .init([1.0, 2, 3, 4], shape: [2, 2])
        var missing = file
        missing.tensors["minimizer.point"] = nil
        var garbled = file
        garbled.metadata["minimizer"] = "{\"iterations\": \"six\"}"
        for (broken, words) in [
            (shortPair, "L-BFGS"), (missing, "minimizer.point"), (garbled, "minimizer"),
        ] {
            let error = #expect(throws: CheckpointError.self) {
                try TrainingCheckpoint<Double>(broken)
            }
            #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        }
    }

    @Test("a run whose weights were changed between fits starts again from them")
    func changedWeightsRestart() throws {
        let training = SecondOrderTrainingTests.moons().training
        var trainer = Self.trainer(Self.methods[0])
        try trainer.fit(training: training, epochs: 1)
        let evaluations = try #require(trainer.history.records.last?.functionEvaluations)
        trainer.model.parameters[0] += 0.5
        try trainer.fit(training: training, epochs: 2)
        #expect(trainer.minimizerRun?.point == trainer.model.parameters)
        #expect(trainer.history.records.map(\.iterations) == [6, 12])
        // The new run evaluates its start again: at least one more evaluation
        // than its iterations' own.
        let fresh = try #require(trainer.minimizerRun?.functionEvaluations)
        #expect(trainer.history.records[1].functionEvaluations == evaluations + fresh)
    }

    @Test("a run carried to another training set starts again on it")
    func otherDataRestarts() throws {
        let (training, validation) = SecondOrderTrainingTests.moons()
        var trainer = Self.trainer(Self.methods[0])
        try trainer.fit(training: training, epochs: 1)
        #expect(trainer.minimizerRun?.iterations == 6)
        try trainer.fit(training: validation, epochs: 2)
        // The loss at the run's point is no longer the run's: a new run.
        #expect(trainer.minimizerRun?.iterations == 6)
        #expect(trainer.history.records.map(\.iterations) == [6, 12])
        try trainer.fit(training: validation, epochs: 3)
        #expect(trainer.minimizerRun?.iterations == 12)
    }
}
