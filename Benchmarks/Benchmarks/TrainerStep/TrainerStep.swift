// One step of the real trainer, `Trainer.step(_:at:on:)`, on the default
// model of perceptron-train: 784-512-256-10 ReLU, dropout 0.2 after each
// hidden layer, softmax cross-entropy, Adam, exponential Polyak averaging
// (decay 0.999), batches of 128. A step is what `Trainer.fit` runs for every
// mini-batch: the batch gathered from a Dataset at shuffled positions, the
// data-parallel forward and backward pass on the ShardedPass's persistent
// workers (dropout masks drawn per sample), the gradient's finiteness check,
// Adam's update of the flat parameters and the Polyak average. Float and
// Double, with a thread budget of 1 and 2 (`Trainer.threadBudget`): with 2,
// ThreadPlan splits the batch into 2 shards of 64 rows with one OpenBLAS
// thread each.
//
// Why 0 mallocs matters: a training run makes hundreds of thousands of
// steps, and docs/ARCHITECTURE.md (principle 3) promises that a step allocates nothing
// once its buffers exist. An allocation per step costs little by itself but
// takes the allocator's locks on two threads that should only compute, and
// is usually the sign of a copy (copy-on-write of the parameters or the
// gradient, a boxed closure context). The first steps are warm-up: they
// allocate the optimizer's moments and the averaging buffer, and they are
// excluded. Thresholds/ pins mallocCountTotal to 0 for every benchmark here,
// with 1 and 2 threads.

import Benchmark
import Perceptron

/// The trainer, its workers and a data set, built in setup so that none of
/// it is timed or counted. A class, so the trainer's buffers have a single
/// owner across iterations.
final class TrainerStepFixture<Scalar: BLASScalar> {
    static var sampleCount: Int { 2048 }

    var trainer: Trainer<Scalar>
    let pass: ShardedPass<Scalar>
    let dataset: Dataset<Scalar>
    /// The sample order of the current epoch, reshuffled in place when a
    /// step reaches its end, as `Trainer.fit` does.
    var order: [Int]
    var next = 0
    var generator = Xoshiro256StarStar(seed: 3)
    let batchSize: Int

    init(batchSize: Int, threads: Int) throws {
        self.batchSize = batchSize
        var generator = Xoshiro256StarStar(seed: 1)
        let model = Sequential<Scalar>(
            inputs: 784,
            layers: [
                .dense(outputs: 512, activation: .relu), .dropout(rate: 0.2),
                .dense(outputs: 256, activation: .relu), .dropout(rate: 0.2),
                .dense(outputs: 10),
            ],
            loss: .softmaxCrossEntropy, using: &generator)
        // Random features, standard normal like standardized pixels, and
        // labels spread over the 10 classes.
        dataset = try Dataset(
            features: Matrix(
                randomNormalRows: Self.sampleCount, columns: 784, using: &generator),
            labels: (0..<Self.sampleCount).map { $0 % 10 }, classCount: 10)
        trainer = Trainer(
            model: model, optimizer: OptimizerConfiguration(.adam), batchSize: batchSize,
            seed: 2, averaging: .exponential(decay: 0.999))
        trainer.threadBudget = threads
        pass = trainer.makeShardedPass(capacity: batchSize)
        // What ThreadPlan.withBLASThreads sets for the duration of a fit: one
        // OpenBLAS thread per shard (or all of them for a single unsplittable
        // pass), and flushing of subnormals as Trainer.fit does by default.
        BLAS.threadCount = trainer.trainingPlan(batchRows: batchSize).blasThreads
        DenormalFlushing.isEnabled = trainer.flushesDenormals
        order = Array(0..<Self.sampleCount)
        order.makeRandomPermutation(using: &self.generator)
    }

    /// One `Trainer.step` on the next batch of the epoch's order; a new
    /// epoch (16 batches of 128) starts with an in-place reshuffle.
    func step() throws {
        if next + batchSize > order.count {
            order.makeRandomPermutation(using: &generator)
            next = 0
        }
        let start = next
        next += batchSize
        _ = try trainer.step(dataset, at: order[start..<(start + batchSize)], on: pass)
    }
}

extension BenchmarkMetric {
    /// Training samples per second of one step (the batch size over the
    /// step's wall-clock time), larger is better.
    static var samplesPerSecond: BenchmarkMetric {
        .custom("samples/s", polarity: .prefersLarger, useScalingFactor: false)
    }
}

let benchmarks: @Sendable () -> Void = {
    let batchSize = 128
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .samplesPerSecond],
        timeUnits: .microseconds,
        // The first step allocates Adam's moments and the Polyak average;
        // the others warm the caches and the workers' spinning.
        warmupIterations: 10,
        maxDuration: .seconds(3),
        maxIterations: 10_000,
        thresholds: [
            .mallocCountTotal: .init(
                absolute: [.p0: 0, .p25: 0, .p50: 0, .p75: 0, .p90: 0, .p99: 0, .p100: 0])
        ]
    )
    for threads in [1, 2] {
        register(Float.self, batchSize: batchSize, threads: threads)
        register(Double.self, batchSize: batchSize, threads: threads)
    }
}

/// `<Scalar>.trainerStep.784-512-256-10.adam.dropout.polyak.batch=128.threads=<n>`.
func register<Scalar: BLASScalar>(_: Scalar.Type, batchSize: Int, threads: Int) {
    let name =
        "\(Scalar.self).trainerStep.784-512-256-10.adam.dropout.polyak.batch=\(batchSize).threads=\(threads)"
    Benchmark(name) { (benchmark, fixture: TrainerStepFixture<Scalar>) in
        let clock = ContinuousClock()
        let start = clock.now
        try fixture.step()
        let seconds = (clock.now - start).inSeconds
        benchmark.measurement(.samplesPerSecond, Int(Double(batchSize) / seconds))
    } setup: {
        try TrainerStepFixture<Scalar>(batchSize: batchSize, threads: threads)
    }
}
