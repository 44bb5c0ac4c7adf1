import Foundation
import Perceptron
import Testing

/// Quieter and machine-readable output: --quiet, --metrics, no confusion
/// matrix, --save-best, predict's probabilities, top-k, CSV and standard
/// input, `inspect` and `--version`.
extension CommandLineTests {
    @Test("--quiet prints the final line only; --metrics writes the figures as JSON")
    func quietAndMetrics() throws {
        let metrics = Self.temporaryFile("metrics.json")
        let history = Self.temporaryFile("history.csv")
        defer { for url in [metrics, history] { try? FileManager.default.removeItem(at: url) } }
        let result = try Self.run([
            "train", "--dataset", "moons", "--epochs", "2", "--quiet", "--metrics", metrics.path,
            "--history", history.path,
        ])
        // Quiet, not idle: the files asked for are written.
        #expect(FileManager.default.fileExists(atPath: history.path))
        #expect(result.status == 0, "stderr: \(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("test loss"), "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: metrics)) as! [String: Any]
        let accuracy = json["accuracy"] as! Double
        #expect(lines[0].hasSuffix(String(format: "test accuracy %.4f", accuracy)))
        #expect(json["samples"] as? Int == 200 && json["epochs"] as? Int == 2)
        let matrix = json["confusion_matrix"] as! [[Int]]
        #expect(matrix.joined().reduce(0, +) == 200)
        let classes = json["classes"] as! [[String: Any]]
        #expect(classes.count == 2 && classes[0]["support"] as? Int == 100)
    }

    @Test("--no-confusion-matrix leaves the matrix out")
    func noConfusionMatrix() throws {
        let result = try Self.run(["train", "--dataset", "xor", "--epochs", "1", "--no-confusion-matrix"])
        #expect(result.status == 0)
        #expect(!result.output.contains("actual \\ predicted"))
        #expect(result.output.contains("test accuracy"))
    }

    @Test("--save-best keeps the epoch with the best validation loss, without early stopping")
    func saveBest() throws {
        let best = Self.temporaryFile("best.safetensors")
        let history = Self.temporaryFile("history.csv")
        defer { for url in [best, history] { try? FileManager.default.removeItem(at: url) } }
        let result = try Self.run([
            "train", "--dataset", "moons", "--epochs", "6", "--learning-rate", "0.05",
            "--save-best", best.path, "--history", history.path,
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        let records = try TrainingHistory(contentsOf: history).records
        let bestEpoch = records.min { $0.validationLoss! < $1.validationLoss! }!.epoch
        #expect(result.output.contains("best epoch \(bestEpoch) by validation_loss saved to \(best.path)"))
        #expect(try TrainingCheckpoint<Float>(contentsOf: best).trainer.epochsCompleted == bestEpoch)
    }

    @Test("predict: top-k, every probability, CSV output and inputs from standard input")
    func predictFormats() throws {
        let model = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: model) }
        let top = try Self.run(["predict", "--model", model.path, "--indices", "0", "--top", "2", "--probabilities"])
        #expect(
            top.output.wholeMatch(
                of: /Label: [01], Predicted: [01] with 0\.\d{3} confidence; then [01] 0\.\d{3}; probabilities 0\.\d{3} 0\.\d{3}\n/
            ) != nil, "\(top.output)")
        let csv = try Self.run(["predict", "--model", model.path, "--indices", "0,1", "--format", "csv"])
        let rows = csv.output.split(separator: "\n")
        #expect(rows.first == "sample,label,predicted,confidence" && rows.count == 3, "\(csv.output)")
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["predict", "--model", model.path, "--inputs", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("0.1,0.2\n1,1\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.split(separator: "\n").count == 2, "\(text)")
    }

    @Test("inspect shows the model, optimizer, epochs, metrics and data options; --version")
    func inspect() throws {
        let model = try Self.spiralsCheckpoint()
        defer { try? FileManager.default.removeItem(at: model) }
        let result = try Self.run(["inspect", model.path])
        #expect(result.status == 0, "stderr: \(result.error)")
        for expected in [
            "Perceptron checkpoint, Float", "dense 32 relu", "optimizer: adam", "averaging: exponential:0.999",
            "epochs trained: 3", "last epoch: epoch 3", "data: --dataset spirals --noise 0.1 --samples 300 --seed 3",
        ] {
            #expect(result.output.contains(expected), "\(expected) in \(result.output)")
        }
        let version = try Self.run(["--version"])
        #expect(version.output.wholeMatch(of: /\d+\.\d+\.\d+(-dev)?\n/) != nil, "\(version.output)")
    }
}
