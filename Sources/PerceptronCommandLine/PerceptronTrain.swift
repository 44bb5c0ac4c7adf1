@preconcurrency import Glibc
import Foundation
import ArgumentParser
import Perceptron

/// `perceptron-train`: trains, evaluates and queries Perceptron models from
/// the command line. Every failure (a missing dataset, a bad argument, a
/// corrupt file) ends with one line on stderr and a non-zero exit status.
///
/// `perceptron-train-mpi` runs the same commands under `mpirun`, after
/// setting ``group``: `train` then trains across the processes.
public struct PerceptronTrain: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "perceptron-train",
        abstract: "Train, evaluate and query dense neural networks on the CPU.",
        discussion: """
            Examples:
              perceptron-train train --epochs 20 --output model.safetensors
              perceptron-train train --dataset spirals --layers 32,32 --activation tanh
              perceptron-train train --dataset csv --csv digits.csv --layers 32 --optimizer lbfgs
              perceptron-train evaluate --model model.safetensors
              perceptron-train predict --model model.safetensors --indices 0,1,2
              perceptron-train inspect model.safetensors
            """,
        version: PerceptronTrain.version,
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, PredictCommand.self, InspectCommand.self,
        ],
        defaultSubcommand: TrainCommand.self)

    public init() {}

    /// The package version `--version` prints: the next release's, while
    /// CHANGELOG.md collects it under [Unreleased].
    public static let version = "0.2.0-dev"

    /// The processes this one trains with, set once before ``main()`` by
    /// `perceptron-train-mpi`; nil for a process on its own.
    public nonisolated(unsafe) static var group: (any Communicator)?

    /// Makes standard output line-buffered: each line reaches a log file
    /// or a pipe (`> train.log`, `tee`, a batch scheduler) as it is
    /// printed, not when the buffer fills or the process exits, so a
    /// killed run leaves its epochs in the log. Called first by the
    /// executables.
    public static func flushLinesAsPrinted() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }

    /// Whether this process prints and writes files: the only one, or rank
    /// 0 of ``group``.
    static var reports: Bool { (group?.rank ?? 0) == 0 }
}

/// A failure to report in one line.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Float or Double.
enum Precision: String, CaseIterable {
    case float, double
}
