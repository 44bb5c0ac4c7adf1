import Foundation
import Perceptron
import Testing

/// `perceptron-train train --optimizer lbfgs|bfgs|cg|hessian-free|newton`:
/// the same progress, history and checkpoints as a first-order run, and one
/// clear line for every option that does not fit the method.
extension CommandLineTests {
    /// A CSV of 120 points of two noisy moons, `x,y,label`.
    static func tinyCSV() throws -> URL {
        var generator = Xoshiro256StarStar(seed: 4)
        let data = Dataset<Double>.moons(count: 120, noise: 0.2, using: &generator)
        var text = "x,y,label\n"
        for row in 0..<data.count {
            text += "\(data.features[row, 0]),\(data.features[row, 1]),\(data.labels[row])\n"
        }
        let url = temporaryFile("moons.csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test(
        "each second-order method trains on a CSV, writing the history and a checkpoint that resumes to the bit",
        arguments: [
            ["--optimizer", "lbfgs", "--history-size", "4"],
            ["--optimizer", "bfgs"],
            ["--optimizer", "cg", "--cg-variant", "hestenes-stiefel"],
            ["--optimizer", "hessian-free", "--damping", "0.5"],
            ["--optimizer", "newton"],
            ["--optimizer", "lbfgs", "--l1", "0.001"],
        ])
    func secondOrderRun(method: [String]) throws {
        let csv = try Self.tinyCSV()
        let model = Self.temporaryFile("model.safetensors")
        let uninterrupted = Self.temporaryFile("uninterrupted.safetensors")
        let history = Self.temporaryFile("history.csv")
        defer {
            for url in [csv, model, uninterrupted, history] {
                try? FileManager.default.removeItem(at: url)
            }
        }
        let options =
            [
                "train", "--dataset", "csv", "--csv", csv.path, "--layers", "6", "--activation",
                "tanh", "--iterations-per-epoch", "3", "--threads", "1", "--history", history.path,
            ] + method
        let common = options + ["--output", model.path]
        let result = try Self.run(common + ["--epochs", "2"])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(result.output.contains("\(method[1]), "), "\(result.output)")
        #expect(result.output.contains("3 iterations per epoch, "))
        #expect(result.output.contains(", full batch"))
        #expect(result.output.contains("epoch 2/2") && result.output.contains("iterations 6  "))
        #expect(result.output.contains("test accuracy"))
        let lines = try String(contentsOf: history, encoding: .utf8).split(separator: "\n")
        #expect(
            lines.count == 3 && lines[0].hasSuffix(",iterations,function_evaluations,gradient_norm")
        )
        #expect(lines[2].split(separator: ",", omittingEmptySubsequences: false)[8] == "6")

        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(checkpoint.trainer.optimizer.configuration.kind.rawValue == method[1])
        #expect(checkpoint.trainer.epochsCompleted == 2)
        #expect(checkpoint.trainer.optimizer.stepCount == 6)

        let resumed = try Self.run(common + ["--epochs", "3", "--resume", model.path])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(resumed.output.contains("epoch 3/3") && !resumed.output.contains("epoch 2/3"))
        #expect(resumed.output.contains("iterations 9  "))
        let resumedTrainer = try TrainingCheckpoint<Float>(contentsOf: model).trainer
        #expect(resumedTrainer.epochsCompleted == 3)

        // The same three epochs in one run end on the same weights, to the
        // bit: the checkpoint carried the minimizer's memory.
        let whole = try Self.run(options + ["--epochs", "3", "--output", uninterrupted.path])
        #expect(whole.status == 0, "stderr: \(whole.error)")
        let wholeTrainer = try TrainingCheckpoint<Float>(contentsOf: uninterrupted).trainer
        #expect(resumedTrainer.model.parameters == wholeTrainer.model.parameters)
        #expect(
            resumedTrainer.history.records.map(\.functionEvaluations)
                == wholeTrainer.history.records.map(\.functionEvaluations))
    }

    @Test("L-BFGS on a large batch, and a minimizer that converges ends with its status")
    func largeBatchAndConvergence() throws {
        let csv = try Self.tinyCSV()
        defer { try? FileManager.default.removeItem(at: csv) }
        let common = [
            "train", "--dataset", "csv", "--csv", csv.path, "--layers", "6", "--optimizer", "lbfgs",
            "--threads", "1",
        ]
        let batch = try Self.run(common + ["--batch-size", "40", "--epochs", "3"])
        #expect(batch.status == 0, "stderr: \(batch.error)")
        #expect(batch.output.contains("batch 40 drawn every epoch"))
        #expect(batch.output.contains("epoch 3/3") && batch.output.contains("iterations 30  "))

        // A loose tolerance: converged within the first epoch.
        let converged = try Self.run(common + ["--gradient-tolerance", "0.05", "--epochs", "5"])
        #expect(converged.status == 0, "stderr: \(converged.error)")
        #expect(
            converged.output.contains("\nConverged: the gradient norm is below the tolerance.\n"),
            "\(converged.output)")
        #expect(
            !converged.output.contains("epoch 2/5") && converged.output.contains("test accuracy"))
    }

    @Test(
        "options that do not fit a second-order method are one line each",
        arguments: [
            (
                ["--optimizer", "lbfgs", "--dropout", "0.2"],
                "--dropout 0.2 cannot be used with --optimizer lbfgs: a second-order method needs a deterministic loss"
            ),
            (
                ["--optimizer", "cg", "--input-noise", "0.1"],
                "--input-noise 0.1 cannot be used with --optimizer cg"
            ),
            (
                ["--optimizer", "lbfgs", "--learning-rate", "0.1"],
                "--learning-rate applies to the first-order rules, not --optimizer lbfgs"
            ),
            (
                ["--optimizer", "bfgs", "--schedule", "inverse:0.1"],
                "--schedule applies to the first-order rules, not --optimizer bfgs"
            ),
            (
                ["--optimizer", "newton", "--averaging", "uniform"],
                "--averaging uniform cannot be used with --optimizer newton"
            ),
            (
                ["--optimizer", "bfgs", "--history-size", "5"],
                "--history-size applies to --optimizer lbfgs, not --optimizer bfgs"
            ),
            (
                ["--optimizer", "lbfgs", "--cg-variant", "fletcher-reeves"],
                "--cg-variant applies to --optimizer cg, not --optimizer lbfgs"
            ),
            (
                ["--optimizer", "cg", "--cg-variant", "dai-yuan"],
                "--cg-variant: unknown 'dai-yuan'; expected fletcher-reeves, polak-ribiere, hestenes-stiefel"
            ),
            (
                ["--optimizer", "hessian-free", "--batch-size", "64"],
                "--batch-size applies to lbfgs among the second-order methods"
            ),
            (
                ["--optimizer", "adam", "--iterations-per-epoch", "5"],
                "--iterations-per-epoch applies to the second-order methods"
            ),
            (["--optimizer", "lbfgs", "--history-size", "0"], "--history-size must be at least 1"),
        ])
    func secondOrderMistakes(arguments: [String], message: String) throws {
        try expectFailure(["train", "--dataset", "xor"] + arguments, saying: message)
    }

    @Test("Newton on a model above its parameter limit stops with one line")
    func newtonLimit() throws {
        try expectFailure(
            [
                "train", "--dataset", "xor", "--samples", "100", "--layers", "64,64", "--optimizer",
                "newton",
            ],
            saying:
                "newton keeps a dense 4482 x 4482 matrix; it is limited to 2000 parameters and the model has 4482"
        )
    }
}
