import ArgumentParser
import Foundation
import PerceptronCommandLine
import PerceptronMPI

// `mpirun -np N perceptron-train-mpi train ...`: perceptron-train's
// commands, with `train` training across the N processes. Rank 0 prints
// and writes every file; `evaluate` and `predict` run on rank 0 alone.
//
// A bad argument is the same mistake on every rank: rank 0 reports it and
// every rank exits. A failure while running (unreadable data, a non-finite
// loss) may strike one rank only: it ends the whole job with that rank's
// message (MPI_Abort), so no rank waits forever for it.

/// Writes `message` and a newline to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

PerceptronTrain.flushLinesAsPrinted()
let world: MPICommunicator
do {
    world = try MPIEnvironment.initialize()
} catch {
    printError("perceptron-train-mpi: \(error)")
    exit(1)
}
PerceptronTrain.group = world

var command: any ParsableCommand
do {
    command = try PerceptronTrain.parseAsRoot()
} catch {
    let code = PerceptronTrain.exitCode(for: error)
    if world.rank == 0 {
        let message = PerceptronTrain.fullMessage(for: error)
        if code == .success { print(message) } else { printError(message) }
    }
    try? MPIEnvironment.finalize()
    exit(code.rawValue)
}
do {
    try command.run()
} catch let status as ExitCode {
    // A run stopped by SIGINT or SIGTERM: every rank stopped after the
    // same step, so they can all leave MPI together.
    try? MPIEnvironment.finalize()
    exit(status.rawValue)
} catch {
    world.abort("Error: \(PerceptronTrain.message(for: error))")
}
do {
    try MPIEnvironment.finalize()
} catch {
    printError("perceptron-train-mpi: \(error)")
    exit(1)
}
