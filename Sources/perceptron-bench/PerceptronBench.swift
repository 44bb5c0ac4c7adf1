import ArgumentParser
import Foundation
import Tensor

/// `perceptron-bench`: naive vs BLAS, side by side. Times the plain-Swift
/// reference GEMM, the Tensor layer's `BLAS.gemm` and raw `cblas_?gemm` on
/// the same operands in the same run, for square products and for the
/// products of a dense network's training step.
@main
struct PerceptronBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perceptron-bench",
        abstract: "Perceptron's benchmarks: matrix products and training steps.",
        subcommands: [
            GEMMBench.self, TrainingStepBench.self, ShardedStepBench.self, EpochBench.self,
            GatherBench.self, MinimizeBench.self, MinimizeNetworkBench.self, UpdateBench.self,
            L1LogisticBench.self, EstimatorBench.self,
        ],
        defaultSubcommand: GEMMBench.self)
}

/// `perceptron-bench gemm` (the default): naive vs BLAS, side by side.
struct GEMMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Naive vs BLAS matrix products, side by side.",
        discussion: """
            For each product it prints the GFLOP/s of the plain-Swift reference \
            kernel, of Perceptron's BLAS.gemm and of cblas_?gemm called directly, \
            the Tensor layer's fraction of raw cblas (interleaved samples, median \
            ratio), the speedup over the reference kernel and the largest absolute \
            difference between the results.
            """)

    @Option(help: "Square sizes n (n x n times n x n), comma-separated; empty for none.")
    var sizes: String = "64,128,256,512,1024"

    @Option(help: "Layer widths of the dense network, input first.")
    var layers: String = "784,256,128,10"

    @Option(help: "Batch sizes for the dense-layer products, comma-separated; empty for none.")
    var batches: String = "128,1024"

    @Option(help: "float, double or both.")
    var precision: Precision = .both

    @Option(help: "OpenBLAS thread counts to run with, comma-separated (default: OpenBLAS's own).")
    var threads: String?

    @Option(help: "Timed samples per kernel; the median is reported.")
    var repetitions: Int = 7

    @Option(help: "Minimum duration of one timed sample, in milliseconds.")
    var sampleMilliseconds: Double = 25

    @Option(
        help: "Skip the reference kernel on products above this many GFLOP (it runs at ~1 GFLOP/s)."
    )
    var referenceLimit: Double = 0.5

    @Option(help: "Seed of the random operands.")
    var seed: UInt64 = 1

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    enum Precision: String, ExpressibleByArgument, CaseIterable {
        case float, double, both
    }

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard sampleMilliseconds > 0 else {
            throw ValidationError("--sample-milliseconds must be positive")
        }
        _ = try parseList(sizes, "--sizes")
        _ = try parseList(batches, "--batches")
        guard try parseList(layers, "--layers").count >= 2 else {
            throw ValidationError("--layers needs at least two widths, e.g. 784,10")
        }
        if let threads { _ = try parseList(threads, "--threads") }
    }

    func run() throws {
        let cases =
            try parseList(sizes, "--sizes").map(GEMMCase.square)
            + (try parseList(batches, "--batches")).flatMap {
                GEMMCase.denseLayers(widths: try parseList(layers, "--layers"), batch: $0)
            }
        let threadCounts = try threads.map { try parseList($0, "--threads") } ?? [BLAS.threadCount]
        let settings = MeasurementSettings(
            repetitions: repetitions, minimumSampleSeconds: sampleMilliseconds / 1000,
            referenceLimitGFLOP: referenceLimit, seed: seed)
        let report = Report(
            openBLAS: BLAS.configuration, coreName: BLAS.coreName, settings: settings,
            showsProgress: !json)

        var measurements: [Measurement] = []
        for threadCount in threadCounts {
            BLAS.threadCount = threadCount
            for gemmCase in cases {
                if precision != .double {
                    measurements.append(
                        report.progress(
                            measure(
                                gemmCase, as: Float.self, threads: threadCount, settings: settings))
                    )
                }
                if precision != .float {
                    measurements.append(
                        report.progress(
                            measure(
                                gemmCase, as: Double.self, threads: threadCount, settings: settings)
                        ))
                }
            }
        }
        if json {
            print(try report.json(measurements))
        } else {
            print(report.table(measurements))
        }
    }

    private func parseList(_ text: String, _ option: String) throws -> [Int] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try items.map {
            guard let value = Int($0), value >= 1 else {
                throw ValidationError("\(option): '\($0)' is not a positive integer")
            }
            return value
        }
    }
}
