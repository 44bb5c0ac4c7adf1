import Foundation
import Perceptron
import Testing

/// A model-only file (`ModelCheckpoint`) in `perceptron-train`: `evaluate`
/// and `predict` read it as they read the training checkpoint it came from,
/// and `inspect` and `train --resume` refuse it in one line.
extension CommandLineTests {
    @Test("evaluate and predict read a model-only file as its training checkpoint")
    func modelOnlyFile() throws {
        let checkpoint = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: checkpoint) }
        let modelOnly = Self.temporaryFile("model-only.safetensors")
        defer { try? FileManager.default.removeItem(at: modelOnly) }
        try TrainingCheckpoint<Float>(contentsOfFile: checkpoint.path).modelCheckpoint
            .write(toFile: modelOnly.path)

        let fromCheckpoint = try Self.run(["evaluate", "--model", checkpoint.path])
        let fromModel = try Self.run(["evaluate", "--model", modelOnly.path])
        #expect(fromModel.status == 0, "stderr: \(fromModel.error)")
        // The stored data options, the averaged weights: the same report.
        #expect(fromModel.output == fromCheckpoint.output)
        #expect(fromModel.output.contains("evaluating on the test part of spirals 300 samples"))

        let arguments = ["predict", "--indices", "0,5,59", "--probabilities", "--model"]
        let predictedCheckpoint = try Self.run(arguments + [checkpoint.path])
        let predictedModel = try Self.run(arguments + [modelOnly.path])
        #expect(predictedModel.status == 0, "stderr: \(predictedModel.error)")
        #expect(predictedModel.output == predictedCheckpoint.output)

        try expectFailure(
            ["inspect", modelOnly.path],
            saying: "\(modelOnly.path): a model-only file (perceptron-model-1) has no training state to resume or inspect"
        )
        try expectFailure(
            ["train", "--resume", modelOnly.path, "--epochs", "4"],
            saying: "\(modelOnly.path): a model-only file (perceptron-model-1) has no training state to resume or inspect"
        )
    }
}
