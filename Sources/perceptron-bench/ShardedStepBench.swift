import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-bench sharded-step`: the data-parallel pass alone (gather,
/// forward, backward, gradient combination), for several worker counts
/// alternated in the same run.
struct ShardedStepBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharded-step",
        abstract:
            "Time the data-parallel forward and backward pass alone, worker counts alternated.")

    @Option(help: "Layer widths, input first.") var layers: String = "784,256,128,10"
    @Option(help: "Samples per step.") var batch: Int = 128
    @Option(help: "Worker counts, comma-separated.") var workers: String = "1,2"
    @Option(help: "Rounds.") var rounds: Int = 7
    @Option(help: "Steps per timed sample.") var steps: Int = 50

    func run() throws {
        let counts = workers.split(separator: ",").compactMap { Int($0) }
        let widths = layers.split(separator: ",").compactMap { Int($0) }
        var generator = Xoshiro256StarStar(seed: 1)
        let model = Sequential<Float>(
            inputs: widths[0],
            layers: widths.dropFirst().dropLast().map { .dense(outputs: $0, activation: .relu) }
                + [.dense(outputs: widths.last!)],
            loss: .softmaxCrossEntropy, using: &generator)
        let data = try Dataset<Float>(
            features: Matrix(randomNormalRows: batch * 8, columns: widths[0], using: &generator),
            labels: (0..<batch * 8).map { $0 % widths.last! }, classCount: widths.last!)
        let positions = Array(0..<batch)[...]
        BLAS.threadCount = 1
        let passes = counts.map { ShardedPass(model: model, capacity: batch, workers: $0) }
        var times = [[Double]](repeating: [], count: counts.count)
        for _ in 0..<rounds {
            for (index, pass) in passes.enumerated() {
                let start = ContinuousClock.now
                for _ in 0..<steps {
                    _ = try model.parameters.withUnsafeBufferPointer { p in
                        try pass.run(
                            model, on: data, at: positions, parameters: p, seed: 0, mode: .training,
                            computesGradient: true)
                    }
                }
                times[index].append((ContinuousClock.now - start).inSeconds / Double(steps))
            }
        }
        for (index, count) in counts.enumerated() {
            print(
                String(
                    format: "%d worker(s): median %.3f ms per step, %.0f samples/s", count,
                    median(times[index]) * 1e3, Double(batch) / median(times[index])))
        }
    }
}
