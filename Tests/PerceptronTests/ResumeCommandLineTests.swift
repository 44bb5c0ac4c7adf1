import Foundation
import Perceptron
import Testing

/// `train --resume`, `evaluate` and `predict` take the model and the data
/// from the checkpoint: what cannot change is refused, what can is applied
/// and shown, and the data options recorded at training are used unless
/// the command line names other data.
extension CommandLineTests {
    /// A 3-epoch spirals run with seed 3, written to a new file.
    static func spiralsCheckpoint(_ extra: [String] = []) throws -> URL {
        let model = temporaryFile("spirals.safetensors")
        let result = try run(
            [
                "train", "--dataset", "spirals", "--samples", "300", "--seed", "3", "--epochs", "3",
                "--threads", "1", "--output", model.path,
            ] + extra)
        #expect(result.status == 0, "stderr: \(result.error)")
        return model
    }

    /// The text after `prefix` on the output's line that starts with it.
    static func line(_ output: String, startingWith prefix: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test(
        "--resume refuses options that would change the model or the optimizer",
        arguments: [
            (["--layers", "64"], "--layers cannot change on --resume"),
            (["--activation", "tanh"], "--activation cannot change on --resume"),
            (["--precision", "double"], "--precision cannot change on --resume"),
            (["--optimizer", "sgd"], "--optimizer cannot change on --resume"),
            (["--dropout", "0.5"], "--dropout cannot change on --resume"),
            (["--beta1", "0.5"], "--beta1 cannot change on --resume"),
            (["--schedule", "inverse:0.01"], "--schedule cannot change on --resume"),
        ])
    func resumeRefuses(options: [String], message: String) throws {
        let model = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: model) }
        try expectFailure(["train", "--resume", model.path, "--epochs", "4"] + options, saying: message)
    }

    @Test("--resume applies the learning rate, batch size and patience, shows them, and writes back")
    func resumeApplies() throws {
        let model = try Self.spiralsCheckpoint(["--early-stopping", "--patience", "5"])
        defer { try? FileManager.default.removeItem(at: model) }
        let result = try Self.run([
            "train", "--resume", model.path, "--epochs", "4", "--learning-rate", "0.01",
            "--batch-size", "64", "--patience", "2", "--layers", "32,32",
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(
            result.output.contains(
                "resuming \(model.path) after epoch 3; changed: learning rate the rule's default -> 0.01, batch size 128 -> 64, early-stopping patience 5 -> 2"
            ), "\(result.output)")
        #expect(result.output.contains("adam, batch 64"))
        // Without --output the resumed file holds the new epoch and settings.
        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(checkpoint.trainer.epochsCompleted == 4)
        #expect(checkpoint.trainer.batchSize == 64)
        #expect(checkpoint.trainer.optimizer.configuration.learningRate == 0.01)
        #expect(checkpoint.trainer.earlyStopping?.patience == 2)
    }

    @Test("evaluate and predict use the data options stored in the checkpoint")
    func storedDataOptions() throws {
        let model = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: model) }
        let trained = try Self.run(["evaluate", "--model", model.path])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        #expect(
            trained.output.contains("evaluating on the test part of spirals 300 samples, noise 0.1 (seed 3)"),
            "\(trained.output)")
        #expect(trained.output.contains("60 samples"))
        // The same test set, so the same figures as training reported.
        let training = try Self.run([
            "train", "--dataset", "spirals", "--samples", "300", "--seed", "3", "--epochs", "3",
            "--threads", "1",
        ])
        let reported = Self.line(training.output, startingWith: "test loss")!
            .replacingOccurrences(of: "test loss", with: "loss")
            .replacingOccurrences(of: "test accuracy", with: "accuracy")
        #expect(trained.output.contains("60 samples: \(reported)"), "\(reported) / \(trained.output)")
        // Another data set named on the command line replaces the record.
        let other = try Self.run(["evaluate", "--model", model.path, "--dataset", "moons"])
        #expect(other.output.contains("evaluating on the test part of moons 1000 samples"))
        let predicted = try Self.run(["predict", "--model", model.path, "--indices", "59"])
        #expect(predicted.status == 0, "stderr: \(predicted.error)")
    }

    @Test("the synthetic 2-D sets default to hidden layers of 32,32")
    func syntheticDefaultLayers() throws {
        let model = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: model) }
        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(checkpoint.trainer.model.layers.filter { if case .dense = $0 { true } else { false } }.count == 3)
        #expect(checkpoint.trainer.model.outputWidth == 2)
        #expect(checkpoint.trainer.model.parameterCount == 2 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2)
    }
}
