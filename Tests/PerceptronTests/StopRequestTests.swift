import Foundation
import Perceptron
import Testing
import TrainingFixtures

/// Stopping training on request (Ctrl-C, a scheduler's time limit, another
/// thread) after the current step, and resuming the stopped epoch exactly.
@Suite("Stopping on request")
struct StopRequestTests {
    /// The trainer's state after a checkpoint's round trip through a file.
    static func roundTrip(_ trainer: Trainer<Double>) throws -> Trainer<Double> {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stop-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try TrainingCheckpoint(trainer: trainer).write(to: url)
        var resumed = try TrainingCheckpoint<Double>(contentsOf: url).trainer
        resumed.threadBudget = trainer.threadBudget
        return resumed
    }

    /// `trainer` fitted to `epochs`, its stop request made once the
    /// progress reaches `samples` samples of epoch `epoch`.
    static func fit(
        _ trainer: inout Trainer<Double>, _ training: Dataset<Double>,
        validation: Dataset<Double>? = nil, epochs: Int, stoppingAt epoch: Int, samples: Int
    ) throws {
        let stop = StopRequest()
        trainer.stopRequest = stop
        try trainer.fit(training: training, validation: validation, epochs: epochs) { progress in
            if progress.epoch == epoch && progress.samples >= samples { stop.request() }
        }
        trainer.stopRequest = nil
    }

    /// The Adam fixture on its 203 samples, stopped after 3 of the 7 steps
    /// of epoch 2.
    static func stoppedInEpochTwo() throws -> Trainer<Double> {
        var trainer = TrainingFixtures.adamTrainer()
        try fit(&trainer, try TrainingFixtures.data(), epochs: 2, stoppingAt: 2, samples: 96)
        return trainer
    }

    @Test("a request is made once, from any thread; without signals it names none")
    func request() async {
        let stop = StopRequest()
        #expect(!stop.isRequested && stop.signal == nil)
        await Task.detached { stop.request() }.value
        #expect(stop.isRequested && stop.signal == nil)
    }

    @Test(
        "stopped in the middle of an epoch and resumed from its checkpoint, a run ends as an uninterrupted one, to the bit"
    )
    func resumeIsExact() throws {
        let data = try TrainingFixtures.data()
        let validation = try TrainingFixtures.data(count: 50, seed: 6)
        var uninterrupted = TrainingFixtures.adamTrainer()
        try uninterrupted.fit(training: data, validation: validation, epochs: 3)

        // 203 samples in batches of 32: 7 steps an epoch; stop after the
        // third step of epoch 2.
        var first = TrainingFixtures.adamTrainer()
        try Self.fit(&first, data, validation: validation, epochs: 3, stoppingAt: 2, samples: 96)
        #expect(first.stoppedOnRequest)
        #expect(first.epochsCompleted == 1 && first.history.records.count == 1)
        let progress = try #require(first.epochInProgress)
        #expect(progress.epoch == 2 && progress.steps == 3 && progress.samples == 96)
        #expect(progress.sampleCount == 203 && progress.members == 1 && progress.batchSize == 32)
        #expect(first.optimizer.stepCount == 7 + 3)

        var resumed = try Self.roundTrip(first)
        #expect(resumed.epochInProgress == progress)
        #expect(resumed.model.generator.state == first.model.generator.state)
        try resumed.fit(training: data, validation: validation, epochs: 3)

        #expect(!resumed.stoppedOnRequest && resumed.epochInProgress == nil)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.optimizer.state == uninterrupted.optimizer.state)
        #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
        #expect(resumed.generator.state == uninterrupted.generator.state)
        #expect(resumed.model.generator.state == uninterrupted.model.generator.state)
        // The stopped epoch's record sums both parts: the same figures.
        #expect(resumed.history == uninterrupted.history.withSecondsFrom(resumed.history))
    }

    @Test(
        "a request made before an epoch begins stops before it; on the last step, after the epoch")
    func stopAtEpochBoundaries() throws {
        let data = try TrainingFixtures.data()
        var trainer = TrainingFixtures.adamTrainer()
        let stop = StopRequest()
        stop.request()
        trainer.stopRequest = stop
        let before = trainer.model.parameters
        try trainer.fit(training: data, epochs: 3)
        #expect(trainer.stoppedOnRequest && trainer.epochsCompleted == 0)
        #expect(trainer.epochInProgress == nil && trainer.model.parameters == before)

        // Requested during the last step of epoch 1: the epoch completes
        // (its record, its checkpoint) and training stops there.
        var second = TrainingFixtures.adamTrainer()
        try Self.fit(&second, data, epochs: 3, stoppingAt: 1, samples: 203)
        #expect(second.stoppedOnRequest && second.epochsCompleted == 1)
        #expect(second.epochInProgress == nil && second.history.records.count == 1)
    }

    @Test(
        "one process may change the batch size: the rest of the epoch's order goes in batches of the new size"
    )
    func newBatchSize() throws {
        var resumed = try Self.roundTrip(try Self.stoppedInEpochTwo())
        resumed.batchSize = 50
        try resumed.fit(training: try TrainingFixtures.data(), epochs: 2)
        // Epoch 1: 7 steps; epoch 2: 3 of 32, then the other 107 samples
        // in 3 steps of up to 50.
        #expect(resumed.optimizer.stepCount == 7 + 3 + 3)
        #expect(resumed.epochsCompleted == 2)
    }

    @Test("on another training set the stopped epoch starts again from its beginning")
    func otherData() throws {
        var resumed = try Self.roundTrip(try Self.stoppedInEpochTwo())
        try resumed.fit(training: try TrainingFixtures.data(count: 150), epochs: 2)
        // 3 steps before the stop, then all 5 of the 150 samples.
        #expect(resumed.optimizer.stepCount == 7 + 3 + 5)
    }

    @Test("a checkpoint's epoch in progress is checked against its epochs")
    func checkedOnLoad() throws {
        var file = try TrainingCheckpoint(trainer: try Self.stoppedInEpochTwo()).safeTensors()
        let stored = try #require(file.metadata["epochInProgress"])
        for (from, to) in [("\"epoch\":2", "\"epoch\":5"), ("\"samples\":96", "\"samples\":203")] {
            #expect(stored.contains(from))
            file.metadata["epochInProgress"] = stored.replacingOccurrences(of: from, with: to)
            #expect {
                try TrainingCheckpoint<Double>(file, source: "m.safetensors")
            } throws: { "\($0)".contains("m.safetensors") && "\($0)".contains("epoch in progress") }
        }
    }

    @Test("across a group every member stops after the same step, and the resumed run is exact")
    func group() throws {
        let data = try TrainingFixtures.data()
        // Batches of 8: 26 steps an epoch, a chance to stop every 8.
        @Sendable func trainer() -> Trainer<Double> {
            var trainer = TrainingFixtures.adamTrainer()
            trainer.batchSize = 8
            return trainer
        }
        let results = try DistributedTests.members(2) { member in
            let share = data.share(rank: member.rank, of: 2, seed: 1)
            var uninterrupted = trainer()
            try uninterrupted.fit(training: share, epochs: 3, across: member)

            // Only member 0 is asked to stop, after step 5 of epoch 2.
            var first = trainer()
            let stop = StopRequest()
            first.stopRequest = stop
            try first.fit(training: share, epochs: 3, across: member) { progress in
                if member.rank == 0, progress.epoch == 2, progress.samples >= 40 { stop.request() }
            }
            #expect(first.stoppedOnRequest)
            var resumed = try StopRequestTests.roundTrip(first)
            try resumed.fit(training: share, epochs: 3, across: member)
            return (first.epochInProgress, uninterrupted, resumed)
        }
        let progress = try #require(results[0].0)
        #expect(progress.epoch == 2 && progress.steps == 8 && progress.members == 2)
        // The same position and sums on both; only the clock differs.
        var other = try #require(results[1].0)
        other.seconds = progress.seconds
        #expect(other == progress)
        for (_, uninterrupted, resumed) in results {
            #expect(resumed.model.parameters == uninterrupted.model.parameters)
            #expect(resumed.optimizer.state == uninterrupted.optimizer.state)
            #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
            // The stopped epoch's loss adds the members' sums in another
            // order: equal to rounding.
            let losses = zip(resumed.history.records, uninterrupted.history.records)
            for (a, b) in losses { #expect(abs(a.loss - b.loss) <= 1e-14 * b.loss) }
            #expect(
                resumed.history.records.map(\.accuracy)
                    == uninterrupted.history.records.map(\.accuracy))
        }
        #expect(results[0].2.model.parameters == results[1].2.model.parameters)
    }

    @Test(
        "a second-order run stopped after an iteration and resumed from its checkpoint finishes that epoch and ends as an uninterrupted one, to the bit"
    )
    func secondOrder() throws {
        let data = try TrainingFixtures.data()
        var uninterrupted = TrainingFixtures.lbfgsTrainer(TrainingFixtures.model(random: false))
        try uninterrupted.fit(training: data, epochs: 3)
        var trainer = TrainingFixtures.lbfgsTrainer(TrainingFixtures.model(random: false))
        try Self.fit(&trainer, data, epochs: 3, stoppingAt: 2, samples: 5)
        #expect(trainer.stoppedOnRequest && trainer.epochsCompleted == 1)
        #expect(trainer.history.records.map(\.iterations) == [25])
        let stopped = try #require(trainer.minimizerEpochInProgress)
        #expect(stopped.epoch == 2 && stopped.iterations == 5)
        #expect(stopped.sentence == "in epoch 2 after 5 iterations")
        #expect(trainer.epochInProgress == nil)

        var resumed = try Self.roundTrip(trainer)
        #expect(resumed.minimizerEpochInProgress == stopped)
        try resumed.fit(training: data, epochs: 3)
        #expect(resumed.minimizerEpochInProgress == nil)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        let (ours, theirs) = (resumed.history.records, uninterrupted.history.records)
        #expect(ours.map(\.iterations) == [25, 50, 75])
        #expect(ours.map(\.iterations) == theirs.map(\.iterations))
        #expect(ours.map(\.functionEvaluations) == theirs.map(\.functionEvaluations))
        #expect(ours.map(\.loss) == theirs.map(\.loss))
    }

    @Test(
        "a large-batch L-BFGS stopped after an iteration draws the same batch again and ends as an uninterrupted run, to the bit"
    )
    func largeBatchSecondOrder() throws {
        let data = try TrainingFixtures.data()
        func trainer() -> Trainer<Double> {
            var trainer = Trainer(
                model: TrainingFixtures.model(random: false),
                optimizer: .lbfgs(batchSize: 100, iterationsPerEpoch: 10), seed: 4)
            trainer.threadBudget = 1
            return trainer
        }
        var uninterrupted = trainer()
        try uninterrupted.fit(training: data, epochs: 3)
        var stopped = trainer()
        try Self.fit(&stopped, data, epochs: 3, stoppingAt: 2, samples: 4)
        let progress = try #require(stopped.minimizerEpochInProgress)
        #expect(progress.iterations == 4 && progress.generatorAtStart != nil)
        var resumed = try Self.roundTrip(stopped)
        try resumed.fit(training: data, epochs: 3)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.history.records.map(\.loss) == uninterrupted.history.records.map(\.loss))
        #expect(resumed.generator.state == uninterrupted.generator.state)
    }

    @Test("a checkpoint's stopped second-order epoch is checked against its epochs and its run")
    func secondOrderCheckedOnLoad() throws {
        let data = try TrainingFixtures.data()
        var trainer = TrainingFixtures.lbfgsTrainer(TrainingFixtures.model(random: false))
        try Self.fit(&trainer, data, epochs: 3, stoppingAt: 2, samples: 5)
        let file = try TrainingCheckpoint(trainer: trainer).safeTensors()
        var wrongEpoch = file
        wrongEpoch.metadata["minimizerEpochInProgress"] =
            #"{"epoch":3,"functionEvaluations":6,"iterations":5,"seconds":0.1}"#
        var noRun = file
        noRun.metadata["minimizer"] = nil
        var tooMany = file
        tooMany.metadata["minimizerEpochInProgress"] =
            #"{"epoch":2,"functionEvaluations":6,"iterations":500,"seconds":0.1}"#
        for (broken, words) in [
            (wrongEpoch, "epoch in progress is 3"), (noRun, "no minimizer run"),
            (tooMany, "500 iterations"),
        ] {
            let error = #expect(throws: CheckpointError.self) {
                try TrainingCheckpoint<Double>(broken)
            }
            #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        }
    }
}
