import Foundation
import Perceptron
import Testing

/// Checkpoints are complete, exact, and refuse what does not fit.
@Suite("Checkpoints")
struct CheckpointTests {
    static func checkpoint() throws -> TrainingCheckpoint<Float> {
        var generator = Xoshiro256StarStar(seed: 1)
        let model = Sequential<Float>(
            inputs: 3, layers: [.dense(outputs: 4, activation: .relu), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(
            model: model, optimizer: OptimizerConfiguration(.momentum), batchSize: 4, seed: 2)
        let data = try Dataset<Float>(
            features: Matrix.random(3, 16), labels: (0..<16).map { $0 % 2 }, classCount: 2)
        _ = try trainer.fit(training: data, epochs: 2)
        return TrainingCheckpoint(
            trainer: trainer, standardization: Standardization(fittedTo: data.features),
            classNames: ["no", "yes"])
    }

    @Test("a round trip through the file format keeps everything")
    func roundTrip() throws {
        let original = try Self.checkpoint()
        let restored = try TrainingCheckpoint<Float>(
            try SafeTensors(decoding: try original.safeTensors().encoded()))
        #expect(restored.trainer.model.parameters == original.trainer.model.parameters)
        #expect(restored.trainer.optimizer.state == original.trainer.optimizer.state)
        #expect(restored.trainer.generator == original.trainer.generator)
        #expect(restored.trainer.model.generator == original.trainer.model.generator)
        #expect(restored.trainer.history == original.trainer.history)
        #expect(restored.standardization == original.standardization)
        #expect(restored.classNames == ["no", "yes"])
        #expect(try original.safeTensors().metadata["architecture"]!.contains("relu"))
    }

    @Test("a tensor whose shape disagrees with the architecture is rejected")
    func wrongShape() throws {
        var file = try Self.checkpoint().safeTensors()
        file.tensors["layers.0.weight"] = .init([Float](repeating: 0, count: 12), shape: [4, 3])
        #expect(throws: CheckpointError.self) {
            try TrainingCheckpoint<Float>(file, source: "m.safetensors")
        }
        do {
            _ = try TrainingCheckpoint<Float>(file, source: "m.safetensors")
        } catch {
            #expect(
                "\(error)".contains(
                    "m.safetensors: layers.0.weight has shape [4, 3], the architecture says [3, 4]")
            )
        }
    }

    @Test("missing tensors, another precision and foreign files are rejected with a reason")
    func rejected() throws {
        var missing = try Self.checkpoint().safeTensors()
        missing.tensors["layers.1.bias"] = nil
        #expect(throws: CheckpointError("m: the tensor 'layers.1.bias' is missing")) {
            try TrainingCheckpoint<Float>(missing, source: "m")
        }
        #expect(throws: CheckpointError("m: holds Float parameters, not Double")) {
            try TrainingCheckpoint<Double>(try Self.checkpoint().safeTensors(), source: "m")
        }
        #expect(throws: CheckpointError("m: not a Perceptron checkpoint (format missing)")) {
            try TrainingCheckpoint<Float>(SafeTensors(), source: "m")
        }
    }

    @Test("truncated and inconsistent files are rejected by the format reader")
    func corruptFiles() throws {
        let bytes = try Self.checkpoint().safeTensors().encoded()
        #expect(throws: CheckpointError.self) {
            try SafeTensors(decoding: Array(bytes.prefix(bytes.count - 5)), source: "t")
        }
        #expect(throws: CheckpointError.self) { try SafeTensors(decoding: [1, 2, 3], source: "t") }
        var lying = bytes
        lying[0] = 0xFF  // a header longer than the file
        #expect(throws: CheckpointError.self) { try SafeTensors(decoding: lying, source: "t") }
    }
}

extension Matrix where Scalar == Float {
    static func random(_ columns: Int, _ rows: Int) -> Matrix {
        var generator = Xoshiro256StarStar(seed: 9)
        return Matrix(randomNormalRows: rows, columns: columns, using: &generator)
    }
}
