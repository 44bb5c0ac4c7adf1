import Foundation
import Perceptron
import PerceptronMPI
import TrainingFixtures

// The trainer across MPI ranks: the properties Tests/PerceptronTests/
// DistributedTests.swift checks on threads, here on processes.

/// Whether rank 0's `values` are bitwise this rank's.
private func sameOnEveryRank(_ values: [Double], _ context: CheckContext) throws -> Bool {
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
    let (model, data) = (TrainingFixtures.model(random: false), try TrainingFixtures.data(count: 64))
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
