import ArgumentParser
import Foundation
import Perceptron

/// Ending a run on SIGINT or SIGTERM, and the files every run writes last.
extension TrainCommand {
    /// What the first SIGINT or SIGTERM prints on standard error.
    static var stopNotice: String {
        "\nperceptron-train: stopping after the current step and saving; interrupt again to quit at once\n"
    }

    /// Ends a run that a stop request ended: writes the checkpoint (which
    /// resumes the stopped epoch where it stopped), the history and the
    /// plot, says where training stopped and how to go on, and exits with
    /// 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a
    /// shell reports a process the signal ended. The test set is not
    /// evaluated: the figures of a model stopped in the middle of training
    /// would be read as results.
    ///
    /// Under `perceptron-train-mpi` every process stops after the same
    /// step; one that did not receive the signal itself (the others did)
    /// exits with SIGTERM's status, which `mpirun` sends.
    func reportStop<Scalar>(
        _ checkpoint: TrainingCheckpoint<Scalar>, signal: Int32?, trainingSeconds: Double
    ) throws -> Never {
        let signal = signal ?? SIGTERM
        if PerceptronTrain.reports {
            try writeFinalFiles(checkpoint)
            let trainer = checkpoint.trainer
            let position =
                trainer.stoppedEpochSentence ?? "after epoch \(trainer.epochsCompleted)"
            let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
            print(
                "stopped by \(name) \(position); "
                    + (output.map { "saved to \($0): continue with --resume \($0)" }
                        ?? "nothing saved (no --output)"))
            if !quiet { print(String(format: "training time %.1f s", trainingSeconds)) }
        }
        throw ExitCode(128 + signal)
    }

    /// Writes what a run leaves behind, from the trainer in `checkpoint`:
    /// the checkpoint (`--output`), the history (`--history`) and the plot
    /// (`--plot`).
    func writeFinalFiles<Scalar>(_ checkpoint: TrainingCheckpoint<Scalar>) throws {
        if let output { try checkpoint.write(to: URL(fileURLWithPath: output)) }
        let history = checkpoint.trainer.history
        if let path = self.history { try history.write(to: URL(fileURLWithPath: path)) }
        if let plot {
            try HistoryPlot(
                history: history,
                title:
                    "perceptron-train: \(checkpoint.trainer.model.layers.map(\.name).joined(separator: ", "))"
            )
            .write(to: URL(fileURLWithPath: plot))
        }
    }
}
