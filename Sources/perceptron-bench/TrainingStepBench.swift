import ArgumentParser
import Foundation
import Network
import Perceptron
import Tensor

/// `perceptron-bench step`: samples per second of one training step
/// (forward, softmax cross-entropy, backward, SGD update) of a dense ReLU
/// network, and its effective GEMM throughput. The step is the trainer's:
/// a ``ShardedPass`` split as ``ThreadPlan`` decides for the thread count
/// (2 shards of one BLAS thread each for the default network and 2
/// threads), then the update.
struct TrainingStepBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Time one training step of a dense network (forward, loss, backward, SGD).")

    @Option(help: "Layer widths, input first.")
    var layers: String = "784,256,128,10"

    @Option(help: "Samples per step.")
    var batch: Int = 128

    @Option(help: "float or double.")
    var precision: String = "float"

    @Option(help: "Thread counts, comma-separated (default: OpenBLAS's own).")
    var threads: String?

    @Option(help: "Timed samples; the median is reported.")
    var repetitions: Int = 15

    @Option(help: "Training steps per timed sample.")
    var steps: Int = 50

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let widths = layers.split(separator: ",").compactMap { Int($0) }
        guard widths.count >= 2, widths.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--layers needs at least two positive widths")
        }
        let threadCounts =
            threads.map { $0.split(separator: ",").compactMap { Int($0) } } ?? [BLAS.threadCount]
        var results: [StepMeasurement] = []
        for threadCount in threadCounts {
            switch precision {
            case "float":
                results.append(measureStep(Float.self, widths: widths, threads: threadCount))
            case "double":
                results.append(measureStep(Double.self, widths: widths, threads: threadCount))
            default: throw ValidationError("--precision must be float or double")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            for r in results {
                print(
                    "\(r.precision) \(layers) batch \(r.batch) threads \(r.threads): "
                        + String(
                            format:
                                "%.0f samples/s, %.1f GFLOP/s effective (%d GEMM FLOPs per sample); raw GEMM %.1f GFLOP/s, effective/raw %.1f%%",
                            r.samplesPerSecond, r.effectiveGFLOPS, r.flopsPerSample,
                            r.rawGEMMGFLOPS, r.fractionOfRaw * 100))
            }
        }
    }

    /// GEMM floating-point operations per sample of one training step:
    /// forward `X W` and weight gradient `X^T dZ` for every layer, input
    /// gradient `dZ W^T` for all but the first, each `2 * fanIn * fanOut`.
    static func flopsPerSample(_ widths: [Int]) -> Int {
        zip(widths, widths.dropFirst()).enumerated().reduce(0) { total, item in
            let (layer, (fanIn, fanOut)) = item
            return total + 2 * fanIn * fanOut * (layer == 0 ? 2 : 3)
        }
    }

    /// GFLOP/s of the step's GEMM calls alone, made directly through
    /// `cblas_?gemm` with the step's own dataflow (each product reads the
    /// matrices the step's product reads: the data, the weights, the layer
    /// outputs and gradients), so that caches favor neither side. The
    /// ceiling for the step's effective throughput.
    func rawGEMMThroughput<Scalar: BLASScalar>(_: Scalar.Type, widths: [Int]) -> Double {
        var generator = Xoshiro256StarStar(seed: 2)
        func buffer(_ rows: Int, _ columns: Int) -> UnsafeMutablePointer<Scalar> {
            let pointer = UnsafeMutablePointer<Scalar>.allocate(capacity: rows * columns)
            for i in 0..<rows * columns {
                pointer[i] = Scalar(Double.standardNormalPair(using: &generator).0)
            }
            return pointer
        }
        let layers = widths.count - 1
        // outputs[0] is the data X; outputs[l] and gradients[l] belong to layer l.
        let outputs = (0...layers).map { buffer(batch, widths[$0]) }
        let gradients = (0...layers).map { buffer(batch, widths[$0]) }
        let weights = (0..<layers).map { buffer(widths[$0], widths[$0 + 1]) }
        let weightGradients = (0..<layers).map { buffer(widths[$0], widths[$0 + 1]) }
        defer {
            for pointer in outputs + gradients + weights + weightGradients { pointer.deallocate() }
        }
        func gemm(
            _ a: UnsafeMutablePointer<Scalar>, transposeA: Bool, _ b: UnsafeMutablePointer<Scalar>,
            transposeB: Bool, into c: UnsafeMutablePointer<Scalar>, m: Int, n: Int, k: Int
        ) {
            Scalar.blasGEMM(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                a: a, lda: transposeA ? m : k, b: b, ldb: transposeB ? k : n, beta: 0, c: c, ldc: n)
        }
        func sequence() {
            for l in 0..<layers {  // Z = X W
                gemm(
                    outputs[l], transposeA: false, weights[l], transposeB: false,
                    into: outputs[l + 1],
                    m: batch, n: widths[l + 1], k: widths[l])
            }
            for l in (0..<layers).reversed() {  // dW = X^T dZ, then dX = dZ W^T
                gemm(
                    outputs[l], transposeA: true, gradients[l + 1], transposeB: false,
                    into: weightGradients[l], m: widths[l], n: widths[l + 1], k: batch)
                if l > 0 {
                    gemm(
                        gradients[l + 1], transposeA: false, weights[l], transposeB: true,
                        into: gradients[l], m: batch, n: widths[l], k: widths[l + 1])
                }
            }
        }
        for _ in 0..<5 { sequence() }
        var times: [Double] = []
        for _ in 0..<repetitions {
            times.append(seconds { for _ in 0..<steps { sequence() } } / Double(steps))
        }
        return Double(batch * Self.flopsPerSample(widths)) / median(times) / 1e9
    }

    func measureStep<Scalar: BLASScalar>(_: Scalar.Type, widths: [Int], threads: Int)
        -> StepMeasurement
    {
        var generator = Xoshiro256StarStar(seed: 1)
        let hidden = widths.dropFirst().dropLast().map {
            Layer.dense(outputs: $0, activation: .relu)
        }
        let model = Sequential<Scalar>(
            inputs: widths[0], layers: hidden + [.dense(outputs: widths.last!)],
            loss: .softmaxCrossEntropy, using: &generator)
        let data = try! Dataset(
            features: Matrix<Scalar>(
                randomNormalRows: batch, columns: widths[0], using: &generator),
            labels: (0..<batch).map { $0 % widths.last! }, classCount: widths.last!)
        let positions = Array(0..<batch)[...]
        let plan = ThreadPlan.training(
            rows: batch, parameters: model.parameterCount, budget: threads)
        BLAS.threadCount = plan.blasThreads
        let pass = ShardedPass(model: model, capacity: batch, workers: plan.shards)
        var parameters = model.parameters
        let learningRate: Scalar = 0.01
        func step() {
            _ = try! parameters.withUnsafeBufferPointer {
                try pass.run(
                    model, on: data, at: positions, parameters: $0, seed: 0, mode: .training,
                    computesGradient: true)
            }
            BLAS.axpy(-learningRate, pass.gradient, &parameters)
        }
        for _ in 0..<5 { step() }
        var times: [Double] = []
        for _ in 0..<repetitions {
            times.append(seconds { for _ in 0..<steps { step() } } / Double(steps))
        }
        let perStep = median(times)
        let samplesPerSecond = Double(batch) / perStep
        let flops = Self.flopsPerSample(widths)
        BLAS.threadCount = threads  // the raw products on all the threads, as numpy's
        let rawGFLOPS = rawGEMMThroughput(Scalar.self, widths: widths)
        let effective = samplesPerSecond * Double(flops) / 1e9
        return StepMeasurement(
            precision: "\(Scalar.self)", batch: batch, threads: threads,
            secondsPerStep: perStep, samplesPerSecond: samplesPerSecond,
            effectiveGFLOPS: effective, flopsPerSample: flops, rawGEMMGFLOPS: rawGFLOPS,
            fractionOfRaw: effective / rawGFLOPS)
    }
}

/// One training-step timing.
struct StepMeasurement: Codable {
    var precision: String
    var batch: Int
    var threads: Int
    var secondsPerStep: Double
    var samplesPerSecond: Double
    var effectiveGFLOPS: Double
    var flopsPerSample: Int
    /// GFLOP/s of raw `cblas_?gemm` on the step's products alone.
    var rawGEMMGFLOPS: Double
    /// Effective GFLOP/s over raw: the share of the step spent in GEMM.
    var fractionOfRaw: Double
}
