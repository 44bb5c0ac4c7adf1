// One training step of the 784-256-128-10 ReLU network with softmax
// cross-entropy at batch 128: forward, loss, backward (lossAndGradient) and
// a plain SGD update of the flat parameter buffer. Throughput is reported in
// samples per second (128 per iteration); mallocs per step must be 0 after
// warm-up with 1 OpenBLAS thread (docs/ARCHITECTURE.md, principle 3). With 2 threads,
// Debian's OpenBLAS mallocs a job array in each level-3 call it splits
// across threads (see ../GEMM/GEMM.swift), and the count shows it.

import Benchmark
import Perceptron

/// The model and one batch, built in setup so neither is timed nor counted.
/// A class so that the model's buffers have a single owner across
/// iterations (a copy would make the first write copy them).
final class TrainingStep<Scalar: BLASScalar> {
    var model: Sequential<Scalar>
    let batch: Matrix<Scalar>
    let labels: Targets<Scalar>

    init(batchSize: Int) {
        var generator = Xoshiro256StarStar(seed: 1)
        model = Sequential(
            inputs: 784,
            layers: [
                .dense(outputs: 256, activation: .relu), .dense(outputs: 128, activation: .relu),
                .dense(outputs: 10),
            ],
            loss: .softmaxCrossEntropy, using: &generator)
        batch = Matrix(randomNormalRows: batchSize, columns: 784, using: &generator)
        labels = Targets(labels: (0..<batchSize).map { $0 % 10 })
    }

    /// Forward, loss, backward, and `theta -= 0.01 dL/dtheta`.
    func step() {
        _ = try! model.lossAndGradient(batch, labels)
        BLAS.axpy(-0.01, model.gradient, &model.parameters)
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
        // The first step sizes the workspaces; after it nothing allocates.
        warmupIterations: 5,
        maxDuration: .seconds(2),
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

/// `<Scalar>.step.784-256-128-10.batch=128.threads=<n>`.
func register<Scalar: BLASScalar>(_: Scalar.Type, batchSize: Int, threads: Int) {
    let name = "\(Scalar.self).step.784-256-128-10.batch=\(batchSize).threads=\(threads)"
    Benchmark(name) { (benchmark, step: TrainingStep<Scalar>) in
        let elapsed = ContinuousClock().measure { step.step() }
        let seconds = elapsed.inSeconds
        benchmark.measurement(.samplesPerSecond, Int(Double(batchSize) / seconds))
    } setup: {
        BLAS.threadCount = threads
        return TrainingStep<Scalar>(batchSize: batchSize)
    }
}
