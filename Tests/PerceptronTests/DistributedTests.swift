import Foundation
import Perceptron
import Testing
import TrainingFixtures

/// Data-parallel training across a group (`Communicator`), here with
/// `LocalCommunicator`s on threads: the same trainer code runs over MPI
/// (scripts/test-mpi runs these properties under `mpirun`).
@Suite("Training across a group")
struct DistributedTests {
    /// Runs `body` once per member of a group of `size`, each on a thread
    /// of its own, and returns the results by rank.
    static func members<T: Sendable>(
        _ size: Int, _ body: @escaping @Sendable (LocalCommunicator) throws -> T
    ) throws -> [T] {
        let group = LocalCommunicator.group(size: size)
        let results = Results<T>(count: size)
        let done = DispatchGroup()
        for member in group {
            done.enter()
            Thread {
                results.set(member.rank, Result { try body(member) })
                done.leave()
            }.start()
        }
        done.wait()
        return try results.values.map { try $0!.get() }
    }

    final class Results<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Result<T, any Error>?]
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<T, any Error>) {
            lock.withLock { stored[index] = value }
        }
        var values: [Result<T, any Error>?] { lock.withLock { stored } }
    }

    @Test("a reduction sums in rank order and leaves the same bits on every member")
    func allreduce() throws {
        for length in [0, 1, 2, 7, 1000] {
            let sums = try Self.members(3) { member in
                var values = (0..<length).map { 1 / Double($0 + 3 * member.rank + 1) }
                try values.withUnsafeMutableBufferPointer { try member.allreduceSum($0) }
                return values
            }
            let expected: [Double] = (0..<length).map { i in
                let terms: [Double] = (0..<3).map { rank in 1 / Double(i + 3 * rank + 1) }
                return (terms[0] + terms[1]) + terms[2]
            }
            #expect(sums[0] == expected)
            #expect(sums[1] == sums[0] && sums[2] == sums[0])
        }
        let broadcast = try Self.members(3) { member in
            var values = [Float](repeating: Float(member.rank), count: 5)
            try values.withUnsafeMutableBufferPointer { try member.broadcast($0, from: 2) }
            return values
        }
        #expect(broadcast.allSatisfy { $0 == [Float](repeating: 2, count: 5) })
    }

    @Test("buffers of different lengths are an error on every member")
    func lengthMismatch() throws {
        let outcomes = try Self.members(2) { member in
            var values = [Double](repeating: 1, count: 3 + member.rank)
            do {
                try values.withUnsafeMutableBufferPointer { try member.allreduceSum($0) }
                return false
            } catch {
                return "\(error)".contains("[3, 4]")
            }
        }
        #expect(outcomes == [true, true])
    }

    @Test("the shares of a dataset are disjoint, cover it, and differ in size by at most one")
    func shares() throws {
        let data = try TrainingFixtures.data(count: 101)
        let shares = (0..<3).map { data.share(rank: $0, of: 3, seed: 9) }
        #expect(shares.map(\.count).sorted() == [33, 34, 34])
        // Each sample's first feature identifies it.
        let first = shares.flatMap { share in (0..<share.count).map { share.features[$0, 0] } }
        #expect(Set(first) == Set((0..<101).map { data.features[$0, 0] }))
        #expect(first.count == 101)
        #expect(data.share(rank: 1, of: 3, seed: 9) == shares[1])
        #expect(data.share(rank: 1, of: 3, seed: 10) != shares[1])
    }

    @Test(
        "the loss and gradient summed over members equal the single-process full-batch ones",
        arguments: [1, 2, 3])
    func objectiveAcrossMembers(size: Int) throws {
        let (model, data) = (TrainingFixtures.model(random: false), try TrainingFixtures.data())
        var whole = NetworkObjective(model: model, dataset: data, threads: 1)
        var gradient = [Double](repeating: 0, count: model.parameterCount)
        let value = whole.valueAndGradient(at: model.parameters, gradient: &gradient)
        let results = try Self.members(size) { member in
            var objective = try NetworkObjective(
                model: model, dataset: data.share(rank: member.rank, of: size, seed: 5), threads: 1,
                across: member)
            var g = [Double](repeating: 0, count: model.parameterCount)
            let v = objective.valueAndGradient(at: model.parameters, gradient: &g)
            return (v, g, objective.value(at: model.parameters))
        }
        for (v, g, valueOnly) in results {
            #expect(abs(v - value) <= 1e-12 * abs(value))
            #expect(valueOnly == v)
            let error = zip(g, gradient).map { abs($0 - $1) }.max()!
            #expect(error <= 1e-12 * gradient.map(abs).max()!)
        }
        #expect(results.allSatisfy { $0.0 == results[0].0 && $0.1 == results[0].1 })
    }

    @Test("every member ends with the same parameters, to the bit", arguments: [2, 3])
    func identicalAcrossMembers(size: Int) throws {
        let data = try TrainingFixtures.data(count: 301)
        let trainers = try Self.members(size) { member in
            var trainer = TrainingFixtures.adamTrainer()
            let share = data.share(rank: member.rank, of: size, seed: 1)
            try trainer.fit(training: share, epochs: 3, across: member)
            return trainer
        }
        for trainer in trainers.dropFirst() {
            #expect(trainer.model.parameters == trainers[0].model.parameters)
            #expect(trainer.averaging?.average == trainers[0].averaging?.average)
            #expect(trainer.history.records.map(\.loss) == trainers[0].history.records.map(\.loss))
        }
        #expect(trainers[0].communicationTime.steps == 3 * 10)  // ceil(301 / 32) steps an epoch
        // It learned: the loss fell.
        let losses = trainers[0].history.records.map(\.loss)
        #expect(losses.last! < losses.first!)
    }

    @Test("members with a sample or two each still train, skipping the steps with no samples")
    func tinyShares() throws {
        let data = try TrainingFixtures.data(count: 4)
        let trainers = try Self.members(3) { member in
            var trainer = TrainingFixtures.adamTrainer()
            trainer.batchSize = 1
            try trainer.fit(
                training: data.share(rank: member.rank, of: 3, seed: 1), epochs: 2, across: member)
            return trainer
        }
        #expect(trainers.allSatisfy { $0.model.parameters == trainers[0].model.parameters })
        #expect(trainers[0].model.parameters.allSatisfy { $0.isFinite })
        // Shares of 1, 1 and 2 samples over ceil(4 / 1) = 4 steps, member m
        // taking k n_m / 4 ..< (k + 1) n_m / 4 at step k: steps 1 (one
        // sample) and 3 (three) hold samples, steps 0 and 2 none.
        #expect(trainers[0].communicationTime.steps == 2 * 2)
    }

    @Test("a run resumed from a checkpoint with the same members continues exactly")
    func resumes() throws {
        let data = try TrainingFixtures.data(count: 150)
        let results = try Self.members(2) { member in
            let share = data.share(rank: member.rank, of: 2, seed: 1)
            var uninterrupted = TrainingFixtures.adamTrainer()
            try uninterrupted.fit(training: share, epochs: 3, across: member)
            var first = TrainingFixtures.adamTrainer()
            try first.fit(training: share, epochs: 2, across: member)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent(
                "group-\(member.rank)-\(UUID()).safetensors")
            defer { try? FileManager.default.removeItem(at: url) }
            try TrainingCheckpoint(trainer: first).write(to: url)
            var resumed = try TrainingCheckpoint<Double>(contentsOf: url).trainer
            resumed.threadBudget = 1
            try resumed.fit(training: share, epochs: 3, across: member)
            return (uninterrupted.model.parameters, resumed.model.parameters)
        }
        for (uninterrupted, resumed) in results { #expect(resumed == uninterrupted) }
    }

    @Test("overlapping the reduction with backpropagation changes nothing but the timing")
    func overlapChangesNothing() throws {
        let data = try TrainingFixtures.data(count: 150)
        func run(overlapped: Bool) throws -> [[Double]] {
            try Self.members(2) { member in
                var trainer = TrainingFixtures.adamTrainer()
                trainer.overlapsCommunication = overlapped
                try trainer.fit(
                    training: data.share(rank: member.rank, of: 2, seed: 1), epochs: 2,
                    across: member)
                return trainer.model.parameters
            }
        }
        #expect(try run(overlapped: true) == run(overlapped: false))
    }

    @Test("one member trains exactly as a global batch split in two would")
    func stepMatchesTheGlobalBatch() throws {
        // With one epoch of one step, the members' batches are their whole
        // shares: the step is the full-batch gradient step on all samples.
        let data = try TrainingFixtures.data(count: 64)
        let model = TrainingFixtures.model(random: false)
        @Sendable func trainer() -> Trainer<Double> { TrainingFixtures.fullBatchSGDTrainer(model) }
        var single = trainer()
        try single.fit(training: data, epochs: 1)
        let members = try Self.members(2) { member in
            var trainer = trainer()
            try trainer.fit(
                training: data.share(rank: member.rank, of: 2, seed: 3), epochs: 1, across: member)
            return trainer.model.parameters
        }
        let error = zip(members[0], single.model.parameters).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-14)
    }

    @Test("full-batch L-BFGS on one member and on two reaches the same loss")
    func lbfgsAcrossMembers() throws {
        let (model, data) = (TrainingFixtures.model(random: false), try TrainingFixtures.data())
        @Sendable func trainer() -> Trainer<Double> { TrainingFixtures.lbfgsTrainer(model) }
        var single = trainer()
        try single.fit(training: data, epochs: 2)
        let results = try Self.members(2) { member in
            var trainer = trainer()
            try trainer.fit(
                training: data.share(rank: member.rank, of: 2, seed: 4), epochs: 2, across: member)
            return (trainer.model.parameters, trainer.history.records.last!.loss)
        }
        #expect(results[0].0 == results[1].0)
        let loss = single.history.records.last!.loss
        #expect(abs(results[0].1 - loss) <= 1e-8 * loss)
    }
}
