import Foundation
import Perceptron
import Testing
import TrainingFixtures

/// A group's members sharing each step's update (`Trainer.sharesUpdate`,
/// stage 1 of ZeRO): the two collective halves it is made of, and the
/// property that makes it safe: the bits of every member applying the
/// whole update.
@Suite("A shared update across a group")
struct SharedUpdateTests {
    @Test("a reduce-scatter leaves each member the rank-order sums of its own block only")
    func reduceScatter() throws {
        // Blocks of 2, 0 and 3 of 5 elements: member 1 owns nothing.
        let counts = [2, 0, 3]
        let buffers = try DistributedTests.members(3) { member in
            var values = (0..<5).map { 1 / Double($0 + 5 * member.rank + 1) }
            try values.withUnsafeMutableBufferPointer {
                try member.startReduceScatterSum($0, counts: counts).wait()
            }
            return values
        }
        func own(_ rank: Int, _ i: Int) -> Double { 1 / Double(i + 5 * rank + 1) }
        func sum(_ i: Int) -> Double { (own(0, i) + own(1, i)) + own(2, i) }
        #expect(buffers[0] == [sum(0), sum(1), own(0, 2), own(0, 3), own(0, 4)])
        #expect(buffers[1] == (0..<5).map { own(1, $0) })
        #expect(buffers[2] == [own(2, 0), own(2, 1), sum(2), sum(3), sum(4)])
    }

    @Test("an allgather gives every member every member's block")
    func allgather() throws {
        let counts = [1, 3, 0]
        let buffers = try DistributedTests.members(3) { member in
            // Member m writes m + 1 into its own block and -1 elsewhere.
            let block = member.block(counts: counts, of: 4)
            var values = (0..<4).map { block.contains($0) ? Float(member.rank + 1) : -1 }
            try values.withUnsafeMutableBufferPointer { try member.allgather($0, counts: counts) }
            return values
        }
        #expect(buffers.allSatisfy { $0 == [1, 2, 2, 2] })
    }

    /// Adam with an average, trained `epochs` epochs on `size` members
    /// with `workers(rank)` threads each, sharing the update or not. With
    /// more than one worker the model is wide enough (100 inputs, 256
    /// hidden units, batches of 128 rows per member) for the thread plan
    /// to split each member's batch in two.
    static func train(
        size: Int, workers: @escaping @Sendable (Int) -> Int, shares: Bool, epochs: Int = 3
    ) throws -> [Trainer<Double>] {
        let wide = (0..<size).contains { workers($0) > 1 }
        let data = try TrainingFixtures.data(count: wide ? 600 : 301, features: wide ? 100 : 5)
        return try DistributedTests.members(size) { member in
            var trainer =
                wide
                ? Trainer(
                    model: TrainingFixtures.model(inputs: 100, hidden: 256),
                    optimizer: OptimizerConfiguration(.adam), batchSize: 128 * size, seed: 8,
                    averaging: .exponential(decay: 0.9))
                : TrainingFixtures.adamTrainer()
            trainer.threadBudget = workers(member.rank)
            trainer.sharesUpdate = shares
            #expect(
                trainer.trainingPlan(batchRows: trainer.batchSize / size).shards
                    == workers(member.rank))
            try trainer.fit(
                training: data.share(rank: member.rank, of: size, seed: 1), epochs: epochs,
                across: member)
            return trainer
        }
    }

    @Test(
        "sharing the update leaves every member the bits of each applying all of it",
        arguments: [(2, 1), (3, 1), (3, 2)])
    func sameBits(size: Int, workers: Int) throws {
        let shared = try Self.train(size: size, workers: { _ in workers }, shares: true)
        let whole = try Self.train(size: size, workers: { _ in workers }, shares: false)
        for (a, b) in zip(shared, whole) {
            #expect(a.model.parameters == b.model.parameters)
            // The optimizer's state and the average, gathered at the end of
            // every epoch, are whole on every member.
            #expect(a.optimizer.state == b.optimizer.state)
            #expect(a.averaging?.average == b.averaging?.average)
            #expect(a.history.records.map(\.loss) == b.history.records.map(\.loss))
            #expect(a.history.records.map(\.learningRate) == b.history.records.map(\.learningRate))
        }
        #expect(shared[0].communicationTime.gatherSeconds > 0)
        #expect(whole[0].communicationTime.gatherSeconds == 0)
    }

    @Test("members with different numbers of workers each apply the whole update, and agree")
    func differentWorkers() throws {
        // Machines with different core counts: the parts could not be cut
        // the same way on both, so neither shares.
        let trainers = try Self.train(size: 2, workers: { $0 + 1 }, shares: true, epochs: 2)
        #expect(trainers[0].model.parameters == trainers[1].model.parameters)
        #expect(trainers[0].averaging?.average == trainers[1].averaging?.average)
        #expect(trainers.allSatisfy { $0.communicationTime.gatherSeconds == 0 })
    }

    @Test("a stop in the middle of an epoch leaves every member the whole state")
    func stopGathers() throws {
        let data = try TrainingFixtures.data(count: 301)
        func stopped(shares: Bool) throws -> [Trainer<Double>] {
            try DistributedTests.members(2) { member in
                var trainer = TrainingFixtures.adamTrainer()
                trainer.batchSize = 8
                trainer.sharesUpdate = shares
                let stop = StopRequest()
                trainer.stopRequest = stop
                try trainer.fit(
                    training: data.share(rank: member.rank, of: 2, seed: 1), epochs: 3,
                    across: member
                ) { progress in
                    if member.rank == 0, progress.epoch == 2, progress.samples >= 40 {
                        stop.request()
                    }
                }
                return trainer
            }
        }
        let (shared, whole) = (try stopped(shares: true), try stopped(shares: false))
        for (a, b) in zip(shared, whole) {
            #expect(a.epochInProgress?.steps == 8)
            #expect(a.epochInProgress?.lossSum == b.epochInProgress?.lossSum)
            #expect(a.model.parameters == b.model.parameters)
            #expect(a.optimizer.state == b.optimizer.state)
            #expect(a.averaging?.state == b.averaging?.state)
        }
    }
}
