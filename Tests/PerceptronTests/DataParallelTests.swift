import Foundation
import Perceptron
import Testing
import TrainingFixtures

/// The data-parallel step: a batch split into contiguous shards, each on
/// its own worker, combined by shard size (`L = sum_k (n_k / n) L_k`, the
/// same for the gradient), with dropout and noise drawn per sample.
@Suite("Data-parallel step")
struct DataParallelTests {
    /// The loss and gradient of `positions` on `workers` workers, in
    /// training mode with `seed`.
    static func sharded(
        _ model: Sequential<Double>, _ data: Dataset<Double>, _ positions: ArraySlice<Int>,
        workers: Int, seed: UInt64
    ) throws -> (loss: Double, gradient: [Double]) {
        let pass = ShardedPass(model: model, capacity: positions.count, workers: workers)
        let result = try model.parameters.withUnsafeBufferPointer {
            try pass.run(
                model, on: data, at: positions, parameters: $0, seed: seed, mode: .training,
                computesGradient: true)
        }
        return (result.loss, pass.gradient)
    }

    @Test("1, 2, 3 and 7 workers give the whole batch's loss and gradient, to rounding")
    func shardsAgreeWithTheWholeBatch() throws {
        let data = try TrainingFixtures.data(count: 40)
        let positions = [5, 17, 2, 33, 8, 21, 0, 39, 12, 26, 30, 9, 14][...]  // 13 rows: uneven shards
        var model = TrainingFixtures.model()
        var seeds = model.generator
        let seed = seeds.next()  // the seed `lossAndGradient` draws next
        let x = Matrix<Double>(rows: positions.count, columns: 5) { i, j in
            data.features[positions[i], j]
        }
        let wholeLoss = try model.lossAndGradient(
            x, Targets(labels: positions.map { data.labels[$0] }))
        let whole = model.gradient
        let norm = whole.map { $0 * $0 }.reduce(0, +).squareRoot()
        for workers in [1, 2, 3, 7] {
            let (loss, gradient) = try Self.sharded(
                model, data, positions, workers: workers, seed: seed)
            let difference = zip(gradient, whole).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                .squareRoot()
            // Double: the shards change only the order of the sums.
            #expect(abs(loss - wholeLoss) <= 1e-14 * abs(wholeLoss), "\(workers) workers")
            #expect(difference <= 1e-13 * norm, "\(workers) workers: \(difference / norm)")
            if workers == 1 { #expect(gradient == whole && loss == wholeLoss) }
        }
    }

    @Test(
        "L1 and L2 on weights and biases count once however the gradient is cut into parts, empty parts included"
    )
    func penaltyCountsOnce() throws {
        let data = try TrainingFixtures.data(count: 40)
        let positions = [5, 17, 2, 33, 8, 21, 0, 39, 12, 26, 30, 9, 14][...]
        var model = TrainingFixtures.model()
        model.regularization = Regularization(l1: 0.01, l2: 0.1, includesBiases: true)
        // Biases start at zero, where their penalty has no gradient.
        model.parameters = model.parameters.enumerated().map { $1 + 0.01 * Double($0 % 7 - 3) }
        let x = Matrix<Double>(rows: positions.count, columns: 5) { i, j in
            data.features[positions[i], j]
        }
        let wholeLoss = try model.lossAndGradient(
            x, Targets(labels: positions.map { data.labels[$0] }), mode: .inference)
        let whole = model.gradient
        // 7 workers cut the 5 inputs of the first layer into parts of 0 or
        // 1 rows; the shards have 1 or 2 samples.
        for workers in [2, 3, 7] {
            let pass = ShardedPass(model: model, capacity: positions.count, workers: workers)
            let (loss, _) = try model.parameters.withUnsafeBufferPointer {
                try pass.run(
                    model, on: data, at: positions, parameters: $0, seed: 0, mode: .inference,
                    computesGradient: true)
            }
            #expect(abs(loss - wholeLoss) <= 1e-14 * abs(wholeLoss), "\(workers) workers")
            for i in whole.indices {
                #expect(
                    abs(pass.gradient[i] - whole[i]) <= 1e-13 * (1 + abs(whole[i])),
                    "\(workers) workers, parameter \(i)")
            }
        }
    }

    @Test("weighting the shards equally instead of by size would be visibly wrong")
    func sizeWeightsMatter() throws {
        // 3 rows on 2 workers: shards of 1 and 2 rows. The unweighted mean
        // of the two shard losses differs from the batch loss.
        let data = try TrainingFixtures.data(count: 3)
        var model = TrainingFixtures.model()
        model.regularization = .none
        let positions = [0, 1, 2][...]
        let pass1 = ShardedPass(model: model, capacity: 3, workers: 2)
        let inference = try model.parameters.withUnsafeBufferPointer {
            try pass1.run(
                model, on: data, at: positions, parameters: $0, seed: 0, mode: .inference,
                computesGradient: false)
        }
        let single = ShardedPass(model: model, capacity: 3, workers: 1)
        let first = try model.parameters.withUnsafeBufferPointer {
            try single.run(
                model, on: data, at: positions[0..<1], parameters: $0, seed: 0, mode: .inference,
                computesGradient: false)
        }
        let rest = try model.parameters.withUnsafeBufferPointer {
            try single.run(
                model, on: data, at: positions[1..<3], parameters: $0, seed: 0, mode: .inference,
                computesGradient: false)
        }
        #expect(abs(inference.loss - (first.loss + 2 * rest.loss) / 3) < 1e-15)
        #expect(abs(inference.loss - (first.loss + rest.loss) / 2) > 1e-6)
    }

    @Test("a given worker count gives the same bits on every run")
    func reproducible() throws {
        let data = try TrainingFixtures.data(count: 50)
        let model = TrainingFixtures.model()
        let positions = Array(0..<50)[...]
        for workers in [2, 3] {
            let first = try Self.sharded(model, data, positions, workers: workers, seed: 11)
            let second = try Self.sharded(model, data, positions, workers: workers, seed: 11)
            #expect(first.loss == second.loss && first.gradient == second.gradient)
        }
    }

    @Test("a label out of range in one shard is the thrown error, not a crash")
    func errorInOneShard() throws {
        var generator = Xoshiro256StarStar(seed: 1)
        let data = try Dataset<Double>(
            features: Matrix(randomNormalRows: 8, columns: 5, using: &generator),
            labels: [0, 1, 2, 0, 1, 2, 0, 4], classCount: 5)
        #expect(throws: NetworkError.self) {
            try Self.sharded(TrainingFixtures.model(), data, Array(0..<8)[...], workers: 2, seed: 1)
        }
    }

    @Test("dropout and noise draw the same numbers for a row whether the batch is split or not")
    func randomnessIsPerSample() {
        let (rows, columns) = (6, 9)
        var x = Matrix<Double>(rows: rows, columns: columns, repeating: 1)
        var whole = Matrix<Double>(rows: rows, columns: columns)
        var split = Matrix<Double>(rows: rows, columns: columns)
        var mask = Matrix<Double>(rows: rows, columns: columns)
        let randomness = BatchRandomness(seed: 5)
        x.withUnsafeMutableScalars { xs in
            mask.withUnsafeMutableScalars { m in
                whole.withUnsafeMutableScalars { w in
                    Dropout.forward(
                        MatrixView(xs, rows: rows, columns: columns), rate: 0.5,
                        into: MatrixView(w, rows: rows, columns: columns),
                        mask: MatrixView(m, rows: rows, columns: columns), randomness: randomness,
                        layer: 2)
                }
                split.withUnsafeMutableScalars { s in
                    for (start, end) in [(0, 2), (2, 6)] {
                        let offset = start * columns
                        Dropout.forward(
                            MatrixView(xs, offset: offset, rows: end - start, columns: columns),
                            rate: 0.5,
                            into: MatrixView(
                                s, offset: offset, rows: end - start, columns: columns),
                            mask: MatrixView(
                                m, offset: offset, rows: end - start, columns: columns),
                            randomness: randomness.advanced(by: start), layer: 2)
                    }
                }
            }
        }
        #expect(whole == split)
        #expect(whole.elements.contains(0) && whole.elements.contains(2))
        // Another layer draws other masks.
        var other = Matrix<Double>(rows: rows, columns: columns)
        x.withUnsafeMutableScalars { xs in
            mask.withUnsafeMutableScalars { m in
                other.withUnsafeMutableScalars { o in
                    Dropout.forward(
                        MatrixView(xs, rows: rows, columns: columns), rate: 0.5,
                        into: MatrixView(o, rows: rows, columns: columns),
                        mask: MatrixView(m, rows: rows, columns: columns), randomness: randomness,
                        layer: 3)
                }
            }
        }
        #expect(other != whole)
    }

    /// A trainer whose plan splits batches of 128 in two: 100 features, 256
    /// hidden units (28,426 parameters, 10.9 million multiply-adds a step).
    static func shardedTrainer() throws -> (Trainer<Double>, Dataset<Double>) {
        var generator = Xoshiro256StarStar(seed: 21)
        let model = Sequential<Double>(
            inputs: 100,
            layers: [
                .dense(outputs: 256, activation: .relu), .dropout(rate: 0.2), .dense(outputs: 10),
            ],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(
            model: model, optimizer: OptimizerConfiguration(.adam), batchSize: 128, seed: 22,
            averaging: .exponential(decay: 0.9))
        trainer.threadBudget = 2
        let data = try Dataset<Double>(
            features: Matrix(randomNormalRows: 600, columns: 100, using: &generator),
            labels: (0..<600).map { $0 % 10 }, classCount: 10)
        return (trainer, data)
    }

    @Test("training on 2 workers is reproducible to the bit and resumes exactly")
    func trainingReproducesAndResumes() throws {
        var (uninterrupted, data) = try Self.shardedTrainer()
        #expect(uninterrupted.trainingPlan(batchRows: 128) == ThreadPlan(shards: 2, blasThreads: 1))
        _ = try uninterrupted.fit(training: data, epochs: 3)
        var again = try Self.shardedTrainer().0
        _ = try again.fit(training: data, epochs: 3)
        #expect(again.model.parameters == uninterrupted.model.parameters)

        var first = try Self.shardedTrainer().0
        _ = try first.fit(training: data, epochs: 2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharded-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try TrainingCheckpoint(trainer: first).write(to: url)
        var resumed = try TrainingCheckpoint<Double>(contentsOf: url).trainer
        resumed.threadBudget = 2
        _ = try resumed.fit(training: data, epochs: 3)
        #expect(resumed.model.parameters == uninterrupted.model.parameters)
        #expect(resumed.averaging?.average == uninterrupted.averaging?.average)
    }

    @Test("predictions and evaluation on the workers match the model's own, batch by batch")
    func predictionsOnWorkers() throws {
        var (trainer, data) = try Self.shardedTrainer()
        trainer.evaluationBatchSize = 250  // 600 samples: batches of 250, 250 and 100
        _ = try trainer.fit(training: data, epochs: 1)
        #expect(
            ThreadPlan.inference(rows: 250, parameters: trainer.model.parameterCount, budget: 2)
                .shards == 2)
        let classes = try trainer.predictClasses(data)
        let features = data.features
        let expected = trainer.withEvaluationWeights { $0.predictClasses(features) }
        #expect(classes == expected)
        let accuracy = Double(zip(classes, data.labels).filter { $0 == $1 }.count) / 600
        let evaluation = try trainer.evaluate(data)
        #expect(evaluation.accuracy == accuracy)
        var model = trainer.model
        if let averaging = trainer.averaging { averaging.copyAverage(into: &model.parameters) }
        let loss = try model.evaluate(features, labels: data.labels, batchSize: 250).loss
        #expect(abs(evaluation.loss - loss) < 1e-12 * loss)
    }

    @Test("one Adam step on 1 and on 2 workers moves the weights alike, to rounding")
    func oneAndTwoWorkersAgree() throws {
        var (one, data) = try Self.shardedTrainer()
        var two = one
        let positions = Array(0..<128)[...]
        _ = try one.step(
            data, at: positions, on: ShardedPass(model: one.model, capacity: 128, workers: 1))
        _ = try two.step(
            data, at: positions, on: ShardedPass(model: two.model, capacity: 128, workers: 2))
        let difference = zip(one.model.parameters, two.model.parameters).map { abs($0 - $1) }.max()!
        // Adam moves every weight by about its learning rate, 1e-3; the
        // gradients differ in the last bits only.
        #expect(difference < 1e-12)
        let start = try Self.shardedTrainer().0.model.parameters
        #expect(one.model.parameters != start)
    }

    @Test(
        "the thread plan: shards when the batch is worth splitting, OpenBLAS's threads when it cannot be"
    )
    func threadPlan() {
        // The command line's default model, batches of 128: 206 million multiply-adds.
        #expect(
            ThreadPlan.training(rows: 128, parameters: 535_818, budget: 2)
                == ThreadPlan(shards: 2, blasThreads: 1))
        #expect(
            ThreadPlan.training(rows: 128, parameters: 535_818, budget: 1)
                == ThreadPlan(shards: 1, blasThreads: 1))
        // A small network: 0.9 million multiply-adds, one thread.
        #expect(
            ThreadPlan.training(rows: 128, parameters: 2410, budget: 2)
                == ThreadPlan(shards: 1, blasThreads: 1))
        // Too few rows to split a large product: OpenBLAS's threads.
        #expect(
            ThreadPlan.training(rows: 8, parameters: 1_000_000, budget: 2)
                == ThreadPlan(shards: 1, blasThreads: 2))
        // Sixteen rows per shard at least.
        #expect(ThreadPlan.training(rows: 40, parameters: 1_000_000, budget: 4).shards == 2)
        #expect(ThreadPlan.split(10, into: 3) == [0..<3, 3..<6, 6..<10])
    }

    @Test("a worker pool runs every index once per job, on persistent threads")
    func workerPool() {
        final class Counts: @unchecked Sendable { var values = [Int](repeating: 0, count: 3) }
        let pool = WorkerPool(threadCount: 3)
        let counts = Counts()
        counts.values.withUnsafeMutableBufferPointer { values in
            let shared = UnsafeMutableSendableBuffer(values)
            for _ in 0..<1000 { pool.run { shared.buffer[$0] += 1 } }
        }
        #expect(counts.values == [1000, 1000, 1000])
    }

    @Test("releasing a worker pool stops and joins its threads")
    func poolThreadsEnd() throws {
        func threads() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
        }
        let before = try threads()
        for _ in 0..<50 {
            let pool = WorkerPool(threadCount: 3)
            pool.run { _ in }
        }
        // 100 threads were started; leaked, they would all still be here
        // (other tests running meanwhile add a few of their own).
        #expect(try threads() - before < 40)
    }
}

/// A buffer the workers of a test write, each its own element.
struct UnsafeMutableSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
    init(_ buffer: UnsafeMutableBufferPointer<Int>) { self.buffer = buffer }
}
