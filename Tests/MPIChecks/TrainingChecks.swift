import Foundation
import Perceptron
import PerceptronMPI
import TrainingFixtures

// The trainer across MPI ranks: the properties Tests/PerceptronTests/
// DistributedTests.swift checks on threads, here on processes.

/// Whether rank 0's `values` are bitwise this rank's.
func sameOnEveryRank(_ values: [Double], _ context: CheckContext) throws -> Bool {
    var root = values
    try root.withUnsafeMutableBufferPointer { try context.communicator.broadcast($0, from: 0) }
    let same = root.elementsEqual(values) { $0.bitPattern == $1.bitPattern } ? 0.0 : 1.0
    return try context.communicator.allreduceSum([same])[0] == 0
}

/// The loss and gradient summed over the ranks' shares equal the
/// single-process full-batch ones within 1e-12, the same bits on every rank.
func summedGradient(_ context: CheckContext) throws {
    let (model, data) = (TrainingFixtures.model(random: false), try TrainingFixtures.data())
    var whole = NetworkObjective(model: model, dataset: data, threads: 1)
    var expected = [Double](repeating: 0, count: model.parameterCount)
    let value = whole.valueAndGradient(at: model.parameters, gradient: &expected)
    var objective = try NetworkObjective(
        model: model, dataset: data.share(rank: context.rank, of: context.size, seed: 5),
        threads: 1, across: context.communicator)
    var gradient = [Double](repeating: 0, count: model.parameterCount)
    let summed = objective.valueAndGradient(at: model.parameters, gradient: &gradient)
    context.expect(abs(summed - value) <= 1e-12 * abs(value), "loss \(summed) against \(value)")
    let error = zip(gradient, expected).map { abs($0 - $1) }.max()!
    let scale = expected.map(abs).max()!
    context.expect(error <= 1e-12 * scale, "gradient off by \(error) of \(scale)")
    context.expect(try sameOnEveryRank(gradient + [summed], context), "ranks differ")
}

/// After 3 epochs of Adam with dropout, noise and an average (ceil(301 /
/// 32) = 10 steps each), every rank holds the same parameters, average and
/// history, to the bit; with and without overlap.
func identicalParameters(_ context: CheckContext) throws {
    let data = try TrainingFixtures.data(count: 301)
    for overlapped in [true, false] {
        var trainer = TrainingFixtures.adamTrainer()
        trainer.overlapsCommunication = overlapped
        try trainer.fit(
            training: data.share(rank: context.rank, of: context.size, seed: 1), epochs: 3,
            across: context.communicator)
        let state =
            trainer.model.parameters + (trainer.averaging?.average ?? [])
            + trainer.history.records.map(\.loss)
        context.expect(try sameOnEveryRank(state, context), "overlap \(overlapped): ranks differ")
        context.expect(
            trainer.communicationTime.steps == 30, "\(trainer.communicationTime.steps) steps")
        let losses = trainer.history.records.map(\.loss)
        context.expect(losses.last! < losses.first!, "the loss did not fall: \(losses)")
    }
}

/// One epoch of one step of SGD is the full-batch gradient step: across
/// the ranks it matches the single process within 1e-14.
func globalStep(_ context: CheckContext) throws {
    let (model, data) = (
        TrainingFixtures.model(random: false), try TrainingFixtures.data(count: 64)
    )
    func trainer() -> Trainer<Double> { TrainingFixtures.fullBatchSGDTrainer(model) }
    var single = trainer()
    try single.fit(training: data, epochs: 1)
    var shared = trainer()
    try shared.fit(
        training: data.share(rank: context.rank, of: context.size, seed: 3), epochs: 1,
        across: context.communicator)
    let error = zip(shared.model.parameters, single.model.parameters).map { abs($0 - $1) }.max()!
    context.expect(error <= 1e-14, "parameters off by \(error)")
}

/// Full-batch L-BFGS, 50 iterations: across the ranks it reaches the loss
/// of one process (what `-np 1` computes) to rounding, with the same
/// parameters on every rank.
func lbfgsAcrossRanks(_ context: CheckContext) throws {
    let (model, data) = (TrainingFixtures.model(random: false), try TrainingFixtures.data())
    func trainer() -> Trainer<Double> { TrainingFixtures.lbfgsTrainer(model) }
    var single = trainer()
    try single.fit(training: data, epochs: 2)
    var shared = trainer()
    try shared.fit(
        training: data.share(rank: context.rank, of: context.size, seed: 4), epochs: 2,
        across: context.communicator)
    let (loss, expected) = (shared.history.records.last!.loss, single.history.records.last!.loss)
    context.expect(abs(loss - expected) <= 1e-8 * expected, "loss \(loss) against \(expected)")
    context.expect(shared.history.records.last!.iterations == 50, "not 50 iterations")
    context.expect(try sameOnEveryRank(shared.model.parameters, context), "ranks differ")
}

/// A stop requested on rank 0 alone, in the middle of epoch 2 (batches of
/// 8: 38 steps an epoch, a chance to stop every 8): every rank stops after
/// the same step with the same position, and the run resumed from rank 0's
/// checkpoint ends with the uninterrupted run's parameters, to the bit.
func stopOnOneRank(_ context: CheckContext) throws {
    let share = try TrainingFixtures.data(count: 301).share(
        rank: context.rank, of: context.size, seed: 1)
    func trainer() -> Trainer<Double> {
        var trainer = TrainingFixtures.adamTrainer()
        trainer.batchSize = 8
        return trainer
    }
    var uninterrupted = trainer()
    try uninterrupted.fit(training: share, epochs: 3, across: context.communicator)

    var first = trainer()
    let stop = StopRequest()
    first.stopRequest = stop
    try first.fit(training: share, epochs: 3, across: context.communicator) { progress in
        if context.rank == 0, progress.epoch == 2, progress.samples >= 40 { stop.request() }
    }
    guard let progress = first.epochInProgress else {
        context.expect(false, "no epoch in progress after the stop")
        return
    }
    context.expect(
        first.stoppedOnRequest && progress.epoch == 2 && progress.steps == 8, "\(progress)")
    let position = [Double(progress.steps), Double(progress.samples), progress.lossSum]
    context.expect(try sameOnEveryRank(position, context), "ranks stopped at different places")

    // Each rank's checkpoint holds the same state (the sums are agreed);
    // only the seconds differ.
    let bytes = try TrainingCheckpoint(trainer: first).safeTensors().encoded()
    var resumed = try TrainingCheckpoint<Double>(SafeTensors(decoding: bytes)).trainer
    resumed.threadBudget = 1
    try resumed.fit(training: share, epochs: 3, across: context.communicator)
    context.expect(
        resumed.model.parameters.elementsEqual(uninterrupted.model.parameters) {
            $0.bitPattern == $1.bitPattern
        }, "the resumed run differs from the uninterrupted one")
    context.expect(try sameOnEveryRank(resumed.model.parameters, context), "ranks differ")
}

/// Full-batch L-BFGS across the ranks, a stop requested on rank 0 alone
/// after 5 iterations of epoch 2: every rank stops after the same
/// iteration, and the run resumed from the checkpoint (its minimizer run
/// and position in the epoch) ends on the uninterrupted run's bits.
func lbfgsStopAndResume(_ context: CheckContext) throws {
    let model = TrainingFixtures.model(random: false)
    let share = try TrainingFixtures.data().share(rank: context.rank, of: context.size, seed: 4)
    var uninterrupted = TrainingFixtures.lbfgsTrainer(model)
    try uninterrupted.fit(training: share, epochs: 3, across: context.communicator)

    var first = TrainingFixtures.lbfgsTrainer(model)
    let stop = StopRequest()
    first.stopRequest = stop
    try first.fit(training: share, epochs: 3, across: context.communicator) { progress in
        if context.rank == 0, progress.epoch == 2, progress.samples >= 5 { stop.request() }
    }
    guard let progress = first.minimizerEpochInProgress else {
        context.expect(false, "no epoch in progress after the stop")
        return
    }
    context.expect(progress.epoch == 2 && progress.iterations == 5, "\(progress)")
    let bytes = try TrainingCheckpoint(trainer: first).safeTensors().encoded()
    var resumed = try TrainingCheckpoint<Double>(SafeTensors(decoding: bytes)).trainer
    resumed.threadBudget = 1
    try resumed.fit(training: share, epochs: 3, across: context.communicator)
    context.expect(
        resumed.model.parameters.elementsEqual(uninterrupted.model.parameters) {
            $0.bitPattern == $1.bitPattern
        }, "the resumed run differs from the uninterrupted one")
    context.expect(try sameOnEveryRank(resumed.model.parameters, context), "ranks differ")
}
