import Foundation
import Perceptron
import Testing

extension CommandLineTests {
    /// The epoch a checkpoint file holds, read as `perceptron-train` reads
    /// it; throws if the file is torn.
    static func checkpointEpoch(_ url: URL) throws -> Int {
        try TrainingCheckpoint<Float>(contentsOf: url).trainer.epochsCompleted
    }

    /// The file's modification time, or nil when it does not exist.
    static func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    @Test("killed at random moments 50 times, the checkpoint always loads and resumes")
    func killedCheckpoints() throws {
        let directory = Self.temporaryFile("killed")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("model.safetensors")
        // A checkpoint of about a megabyte (67,000 weights with Adam's two
        // moments and the average) written after every epoch of a few
        // milliseconds: much of the time is spent writing it.
        let training = [
            "train", "--dataset", "spirals", "--samples", "300", "--layers", "256,256",
            "--threads", "1", "--quiet", "--output", checkpoint.path,
        ]
        var generator = SystemRandomNumberGenerator()
        var epochs = [Int]()
        for kill in 0..<50 {
            let process = Process()
            process.executableURL = Self.executable
            process.arguments =
                kill == 0
                ? training + ["--epochs", "100000"]
                : ["train", "--resume", checkpoint.path, "--epochs", "100000", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let before = Self.modificationDate(checkpoint)
            try process.run()
            // Wait for the run to write an epoch of its own, then kill it a
            // random moment later: between writes, or in the middle of one.
            for _ in 0..<200 where Self.modificationDate(checkpoint) == before {
                Thread.sleep(forTimeInterval: 0.01)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0..<0.1, using: &generator))
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "kill \(kill)")

            let epoch = try Self.checkpointEpoch(checkpoint)
            // The previous epoch or a later one, never an earlier or torn file.
            #expect(epoch >= (epochs.last ?? 1), "kill \(kill): epoch \(epoch) after \(epochs)")
            epochs.append(epoch)
        }
        // The next run resumed every time: it wrote epochs of its own.
        #expect(epochs.last! > epochs.first! + 40, "\(epochs)")
        // Runs killed in the middle of a write leave only their temporary
        // file, which a later run does not mistake for the checkpoint.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 != "model.safetensors" }
        #expect(leftovers.allSatisfy { $0.hasPrefix(".model.safetensors.") && $0.hasSuffix(".tmp") })
        print("killed 50 times: epochs \(epochs.first!)...\(epochs.last!), \(leftovers.count) kills in a write")
    }
}
