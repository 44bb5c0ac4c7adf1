import Foundation
import Perceptron
import Testing

/// A model alone (issue 15, items 23 and 24): written and read without a
/// trainer, with its standardization and class names, by `String` paths;
/// from a training checkpoint with the averaged weights.
@Suite("Model persistence", .serialized)
struct ModelPersistenceTests {
    /// A trainer after 3 epochs of Adam with an exponential average, and
    /// the standardization of its data.
    static func trained() throws -> (
        trainer: Trainer<Float>, standardization: Standardization<Float>, data: Dataset<Float>
    ) {
        var generator = Xoshiro256StarStar(seed: 1)
        let raw = Dataset<Float>.blobs(
            count: 90, centers: [[10, 100], [12, 90], [14, 110]], standardDeviation: 1,
            using: &generator)
        let standardization = Standardization(fittedTo: raw)
        let data = raw.standardized(with: standardization)
        let model = Sequential<Float>(
            inputs: 2,
            layers: [.dense(outputs: 8, activation: .tanh), .dropout(rate: 0.1), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l1: 0, l2: 1e-4),
            using: &generator)
        var trainer = Trainer(
            model: model, optimizer: .adam(learningRate: 0.01), batchSize: 16, seed: 2,
            averaging: .exponential(decay: 0.999))
        trainer.threadBudget = 1
        try trainer.fit(training: data, epochs: 3)
        return (trainer, standardization, data)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "model-\(UUID().uuidString)-\(name)"
        ).path
    }

    @Test("a model with its standardization and class names round-trips through a String path")
    func roundTrip() throws {
        let (trainer, standardization, _) = try Self.trained()
        let saved = ModelCheckpoint(
            model: trainer.evaluationModel, standardization: standardization,
            classNames: ["a", "b", "c"], dataOptions: ["dataset": "blobs"])
        let path = Self.temporaryPath("model.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saved.write(toFile: path)
        let read = try ModelCheckpoint<Float>(contentsOfFile: path)
        #expect(read.model.parameters == saved.model.parameters)
        #expect(read.model.layers == saved.model.layers)
        #expect(read.model.lossFunction == .softmaxCrossEntropy)
        #expect(read.model.regularization == saved.model.regularization)
        #expect(read.model.generator == saved.model.generator)
        #expect(read.standardization == standardization)
        #expect(read.classNames == ["a", "b", "c"])
        #expect(read.dataOptions == ["dataset": "blobs"])
        // Only the model: no optimizer, average or history.
        let file = try SafeTensors(contentsOfFile: path)
        #expect(file.metadata["format"] == ModelCheckpoint<Float>.format)
        #expect(file.metadata["optimizer"] == nil && file.metadata["history"] == nil)
        #expect(!file.tensors.keys.contains { $0.hasPrefix("optimizer.") || $0.hasPrefix("averaging.") })
        // The same layout as a training checkpoint's model.
        #expect(file.tensors["layers.0.weight"]?.shape == [2, 8])
        #expect(file.tensors["layers.2.bias"]?.shape == [3])
    }

    @Test("a checkpoint's model is the averaged one, and reading a training checkpoint gives it")
    func averagedWeights() throws {
        let (trainer, standardization, data) = try Self.trained()
        let checkpoint = TrainingCheckpoint(
            trainer: trainer, standardization: standardization, classNames: ["a", "b", "c"])
        let average = try #require(trainer.averaging?.average)
        #expect(trainer.model.parameters != average)
        let model = checkpoint.modelCheckpoint
        #expect(model.model.parameters == average)
        #expect(model.standardization == standardization && model.classNames == ["a", "b", "c"])

        let path = Self.temporaryPath("training.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try checkpoint.write(toFile: path)
        let fromTraining = try ModelCheckpoint<Float>(contentsOfFile: path)
        #expect(fromTraining.model.parameters == average)
        #expect(fromTraining.classNames == ["a", "b", "c"])
        // The model alone predicts what the trainer predicts.
        #expect(try fromTraining.model.predictClasses(data) == trainer.predictClasses(data))
        #expect(try fromTraining.model.evaluate(data) == trainer.evaluate(data))
        // The String path reads the training checkpoint too.
        let again = try TrainingCheckpoint<Float>(contentsOfFile: path)
        #expect(again.trainer.model.parameters == trainer.model.parameters)
    }

    @Test("predictions from raw inputs apply the stored standardization")
    func standardizedPredictions() throws {
        let (trainer, standardization, data) = try Self.trained()
        let saved = ModelCheckpoint(model: trainer.evaluationModel, standardization: standardization)
        var raw = data.features
        standardization.invert(&raw)
        let expected = trainer.evaluationModel.predictProbabilities(data.features)
        let predicted = saved.predictProbabilities(raw)
        for (a, b) in zip(predicted.elements, expected.elements) { #expect(abs(a - b) < 1e-5) }
        #expect(saved.predictClasses(raw) == predicted.rowArgmax())
        // Without a standardization, the inputs go in as they are.
        let bare = ModelCheckpoint(model: trainer.evaluationModel)
        #expect(bare.predictProbabilities(data.features) == expected)
    }

    @Test("a model-only file is refused as a training checkpoint with one clear message")
    func notATrainingCheckpoint() throws {
        let (trainer, _, _) = try Self.trained()
        let file = try ModelCheckpoint(model: trainer.model).safeTensors()
        #expect(
            throws: CheckpointError(
                "m: a model-only file (perceptron-model-1) has no training state to resume or inspect; evaluate and predict read it (ModelCheckpoint in Swift)"
            )
        ) {
            try TrainingCheckpoint<Float>(file, source: "m")
        }
        #expect(throws: CheckpointError("m: holds Float parameters, not Double")) {
            try ModelCheckpoint<Double>(file, source: "m")
        }
        #expect(
            throws: CheckpointError("m: not a Perceptron model or checkpoint (format missing)")
        ) {
            try ModelCheckpoint<Float>(SafeTensors(), source: "m")
        }
        var missing = file
        missing.tensors["layers.0.bias"] = nil
        #expect(throws: CheckpointError("m: the tensor 'layers.0.bias' is missing")) {
            try ModelCheckpoint<Float>(missing, source: "m")
        }
        #expect(throws: CheckpointError("/nonexistent/m.safetensors: no such checkpoint file")) {
            try ModelCheckpoint<Float>(contentsOfFile: "/nonexistent/m.safetensors")
        }
        // A file made elsewhere may leave out the dropout generator.
        var noGenerator = file
        noGenerator.tensors["generator.model"] = nil
        #expect(try ModelCheckpoint<Float>(noGenerator).model.parameters == trainer.model.parameters)
    }

    @Test("a model-only file loads in Python's safetensors package, when it is installed")
    func loadsInPython() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import safetensors.numpy"]
        probe.standardError = Pipe()
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            withKnownIssue(
                "Python's safetensors is not installed (scripts/install-dependencies installs it)"
            ) {
                Issue.record("skipped")
            }
            return
        }
        let (trainer, standardization, _) = try Self.trained()
        let path = Self.temporaryPath("python.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelCheckpoint(model: trainer.evaluationModel, standardization: standardization)
            .write(toFile: path)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            """
            import sys
            from safetensors.numpy import load_file
            from safetensors import safe_open
            tensors = load_file(sys.argv[1])
            with safe_open(sys.argv[1], "np") as f:
                meta = f.metadata()
            print(tensors["layers.2.weight"].shape, tensors["standardization.means"].shape, meta["format"])
            """,
            path,
        ]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let text = String(
            decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(
            text.trimmingCharacters(in: .whitespacesAndNewlines)
                == "(8, 3) (2,) perceptron-model-1")
    }
}
