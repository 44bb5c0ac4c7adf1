import Foundation
import Perceptron
import Testing

/// Malformed files that crashed `perceptron-train` (an allocation of what a
/// header declared, a trap on a field out of range) are one line and exit
/// status 1; and the log reaches a file while the run goes on.
extension CommandLineTests {
    /// A small checkpoint of a 2-input model, as a SafeTensors to tamper with.
    static func tamperableCheckpoint() throws -> SafeTensors {
        let model = temporaryFile("small.safetensors")
        defer { try? FileManager.default.removeItem(at: model) }
        let result = try run([
            "train", "--dataset", "xor", "--samples", "100", "--layers", "4", "--epochs", "1",
            "--output", model.path,
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        return try SafeTensors(contentsOf: model)
    }

    /// `file` written to a temporary path, evaluated: one line saying `message`.
    func expectRefused(_ file: SafeTensors, saying message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.temporaryFile("tampered.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try file.write(to: url)
        let result = try Self.run(["evaluate", "--model", url.path])
        #expect(result.status == 1, "status \(result.status)", sourceLocation: sourceLocation)
        try expectFailure(["evaluate", "--model", url.path], saying: message, sourceLocation: sourceLocation)
    }

    @Test("an IDX header declaring more images than the file holds is a truncated file, not an allocation")
    func idxCountBeyondFile() throws {
        // 3 dimensions of unsigned bytes: 0x7FFFFFFF images of 28 x 28.
        var bytes: [UInt8] = [0, 0, 0x08, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28, 0, 0, 0, 28]
        bytes += [UInt8](repeating: 7, count: 1000)
        let images = Self.temporaryFile("images.idx")
        let labels = Self.temporaryFile("labels.idx")
        defer { for url in [images, labels] { try? FileManager.default.removeItem(at: url) } }
        try Data(bytes).write(to: images)
        try Data([0, 0, 0x08, 1, 0, 0, 0, 1, 3]).write(to: labels)
        let result = try Self.run([
            "train", "--train-images", images.path, "--train-labels", labels.path,
            "--test-images", images.path, "--test-labels", labels.path,
        ])
        #expect(result.status == 1)
        try expectFailure(
            [
                "train", "--train-images", images.path, "--train-labels", labels.path,
                "--test-images", images.path, "--test-labels", labels.path,
            ], saying: "\(images.path)")
    }

    @Test(
        "a checkpoint whose architecture is out of range is refused in one line",
        arguments: [
            (#"{"inputs":2,"layers":[{"dense":{"outputs":99999999999,"activation":{"relu":{}}}},{"dense":{"outputs":2,"activation":{"identity":{}}}}],"#, "a width must be in"),
            (#"{"inputs":0,"layers":[{"dense":{"outputs":4,"activation":{"relu":{}}}},{"dense":{"outputs":2,"activation":{"identity":{}}}}],"#, "the architecture's inputs (0)"),
            (#"{"inputs":-3,"layers":[{"dense":{"outputs":4,"activation":{"relu":{}}}},{"dense":{"outputs":2,"activation":{"identity":{}}}}],"#, "the architecture's inputs (-3)"),
            (#"{"inputs":2,"layers":[],"#, "no dense layer"),
            (#"{"inputs":2,"layers":[{"dense":{"outputs":4,"activation":{"relu":{}}}},{"dropout":{"rate":7}},{"dense":{"outputs":2,"activation":{"identity":{}}}}],"#, "dropout rate of 7.0"),
        ])
    func badArchitecture(prefix: String, message: String) throws {
        var file = try Self.tamperableCheckpoint()
        let architecture = file.metadata["architecture"]!
        // Keep the stored loss and regularization; replace inputs and layers.
        let rest = architecture[architecture.range(of: #""loss""#)!.lowerBound...]
        file.metadata["architecture"] = prefix + rest
        try expectRefused(file, saying: message)
    }

    @Test("optimizer or averaging state vectors of the wrong length are refused at load")
    func shortStateVectors() throws {
        let original = try Self.tamperableCheckpoint()
        for name in original.tensors.keys where name.hasPrefix("optimizer.") || name.hasPrefix("averaging.") {
            var file = original
            file.tensors[name] = .init([Float](repeating: 0, count: 3), shape: [3])
            let url = Self.temporaryFile("state.safetensors")
            defer { try? FileManager.default.removeItem(at: url) }
            try file.write(to: url)
            try expectFailure(
                ["train", "--dataset", "xor", "--samples", "100", "--resume", url.path, "--epochs", "2"],
                saying: "the tensor '\(name)' has 3 values but the model has")
        }
    }

    @Test("with stdout to a file, the epoch lines are there while training runs")
    func logFlushed() throws {
        let log = Self.temporaryFile("train.log")
        defer { try? FileManager.default.removeItem(at: log) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "train", "--dataset", "spirals", "--samples", "2000", "--epochs", "100000", "--threads", "1",
        ]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // SIGKILL, not terminate()'s SIGTERM, which would let the run
        // finish its step and write files: it must end at once.
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var text = ""
        for _ in 0..<100 where !text.contains("epoch 2/") {
            Thread.sleep(forTimeInterval: 0.1)
            text = try String(contentsOf: log, encoding: .utf8)
        }
        #expect(process.isRunning)
        #expect(text.contains("epoch 1/100000"), "log: \(text)")
    }
}
