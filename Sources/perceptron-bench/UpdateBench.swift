import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-bench update`: the cost of one update of each first-order
/// rule, in nanoseconds per parameter, through `TrainingOptimizer` (the
/// path `Trainer` takes), on one thread.
struct UpdateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Nanoseconds per parameter of each first-order rule's update.",
        discussion: """
            The rules are memory-bound: each reads the gradient and its state \
            vectors and writes the weights and the state, so their cost follows \
            the number of vectors they keep (Adam two, SGD none).
            """)

    @Option(help: "Parameters updated (535,818: a 784-512-256-10 network).")
    var parameters: Int = 535_818

    @Option(help: "Timed updates per rule (the median is reported).")
    var repeats: Int = 41

    func run() throws {
        print("rule               Float ns/param   Double ns/param")
        for kind in OptimizerConfiguration.Kind.allCases where !kind.isSecondOrder {
            let float = bench(Float.self, kind)
            let double = bench(Double.self, kind)
            print(
                kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + String(format: " %14.3f   %15.3f", float, double))
        }
    }

    /// The median nanoseconds per parameter of `kind`'s update.
    func bench<Scalar: BLASScalar>(_: Scalar.Type, _ kind: OptimizerConfiguration.Kind) -> Double {
        var generator = Xoshiro256StarStar(seed: 1)
        var weights = [Scalar](repeating: 0, count: parameters)
        var gradient = [Scalar](repeating: 0, count: parameters)
        weights.fillUniform(in: -1...1, using: &generator)
        gradient.fillUniform(in: -1e-3...1e-3, using: &generator)
        var optimizer = TrainingOptimizer<Scalar>(OptimizerConfiguration(kind))
        optimizer.update(&weights, along: gradient)
        let times = (0..<repeats).map { _ in
            seconds { optimizer.update(&weights, along: gradient) }
        }
        return median(times) * 1e9 / Double(parameters)
    }
}
