import Foundation
import Perceptron
import PerceptronMPI
import TrainingFixtures

/// `startReduceScatterSum` and `allgather(_:counts:)` with uneven blocks
/// (rank 1 owns nothing; the last rank owns the rest): after the
/// reduce-scatter each rank's block holds the sums, the same bits as an
/// allreduce leaves there, and the rest its own values; after the
/// allgather every rank holds every block.
func reduceScatterAndAllgather(_ context: CheckContext) throws {
    let (rank, size) = (context.rank, context.size)
    let length = 10_007
    var counts = [Int](repeating: 0, count: size)
    counts[0] = 4_000
    counts[size - 1] += length - 4_000
    func own(_ r: Int, _ i: Int) -> Double { TestValues.random(rank: r, index: i, salt: 11) }
    let original = (0..<length).map { own(rank, $0) }
    var summed = original
    try summed.withUnsafeMutableBufferPointer { try context.communicator.allreduceSum($0) }
    var scattered = original
    try scattered.withUnsafeMutableBufferPointer {
        try context.communicator.startReduceScatterSum($0, counts: counts).wait()
    }
    let block = context.communicator.block(counts: counts, of: length)
    for i in 0..<length {
        let expected = block.contains(i) ? summed[i] : original[i]
        guard scattered[i].bitPattern == expected.bitPattern else {
            context.expect(
                false, "element \(i) of block \(block): \(scattered[i]), not \(expected)")
            return
        }
    }
    try scattered.withUnsafeMutableBufferPointer {
        try context.communicator.allgather($0, counts: counts)
    }
    context.expect(
        scattered.elementsEqual(summed) { $0.bitPattern == $1.bitPattern },
        "after the allgather the blocks are not every rank's sums")
}

/// Three epochs of Adam with dropout and an average, sharing the update
/// and with every rank applying all of it: every rank ends with the same
/// parameters, optimizer state and average either way, and the two ways
/// agree (to the bit on 2 ranks, where a sum of two terms has one order;
/// within 1e-12 on more, where the reduce-scatter's blocks and so its
/// order of summation differ).
func sharedUpdate(_ context: CheckContext) throws {
    let share = try TrainingFixtures.data(count: 301).share(
        rank: context.rank, of: context.size, seed: 1)
    var runs: [[Double]] = []
    for shares in [true, false] {
        var trainer = TrainingFixtures.adamTrainer()
        trainer.sharesUpdate = shares
        try trainer.fit(training: share, epochs: 3, across: context.communicator)
        let state = trainer.optimizer.state.vectors.keys.sorted().flatMap {
            trainer.optimizer.state.vectors[$0]!
        }
        runs.append(trainer.model.parameters + (trainer.averaging?.average ?? []) + state)
        context.expect(
            try sameOnEveryRank(runs.last!, context), "sharing \(shares): ranks differ")
    }
    let error = zip(runs[0], runs[1]).map { abs($0 - $1) }.max()!
    let tolerance = context.size == 2 ? 0 : 1e-12 * runs[1].map(abs).max()!
    context.expect(error <= tolerance, "shared and whole updates differ by \(error)")
}
