import Foundation
import Perceptron
import Testing

/// `--schedule` on the command line: cosine, warm-up and reduce-on-plateau,
/// one clear line for each wrong parameter, and a resumed plateau run that
/// ends bit for bit where an uninterrupted one does.
extension CommandLineTests {
    @Test(
        "--schedule: every wrong parameter is one line naming it",
        arguments: [
            (["cosine"], "--schedule: 'cosine'; expected cosine:K[:MIN]"),
            (
                ["cosine:0"],
                "--schedule: 'cosine:0'; K (updates) in cosine:K[:MIN] must be a whole number >= 1"
            ),
            (["cosine:2.5"], "K (updates) in cosine:K[:MIN] must be a whole number >= 1"),
            (
                ["cosine:100:1.5"],
                "--schedule: 'cosine:100:1.5'; MIN in cosine:K[:MIN] must be in [0, 1]"
            ),
            (["cosine:100:-0.1"], "MIN in cosine:K[:MIN] must be in [0, 1]"),
            (["cosine:100:0:1"], "--schedule: 'cosine:100:0:1'; expected cosine:K[:MIN]"),
            (["plateau:0.5"], "--schedule: 'plateau:0.5'; expected plateau:FACTOR:PATIENCE[:MIN]"),
            (
                ["plateau:1:3"],
                "--schedule: 'plateau:1:3'; FACTOR in plateau:FACTOR:PATIENCE[:MIN] must be in (0, 1)"
            ),
            (["plateau:0:3"], "FACTOR in plateau:FACTOR:PATIENCE[:MIN] must be in (0, 1)"),
            (
                ["plateau:0.5:0"],
                "PATIENCE (epochs) in plateau:FACTOR:PATIENCE[:MIN] must be a whole number >= 1"
            ),
            (
                ["plateau:0.5:1.5"],
                "PATIENCE (epochs) in plateau:FACTOR:PATIENCE[:MIN] must be a whole number >= 1"
            ),
            (["plateau:0.5:3:2"], "MIN in plateau:FACTOR:PATIENCE[:MIN] must be in [0, 1]"),
            (
                ["warmup:0+cosine:10"],
                "--schedule: 'warmup:0+cosine:10'; W (updates) in warmup:W must be a whole number >= 1"
            ),
            (["warmup:10+"], "--schedule: 'warmup:10+'; expected constant, exponential:A"),
            (["cosine:10+warmup:5"], "only one warmup:W+ can come first, then one schedule"),
            (["warmup:5+warmup:5+cosine:9"], "only one warmup:W+ can come first"),
            (["warmup:5:1"], "--schedule: 'warmup:5:1'; expected warmup:W"),
            (
                ["cosine:nan"],
                "--schedule: 'cosine:nan'; 'nan' in 'cosine:nan' is not a finite number"
            ),
            (["exponential:inf"], "'inf' in 'exponential:inf' is not a finite number"),
            (["step:0.5:1e30"], "EVERY (updates) in step:FACTOR:EVERY must be a whole number >= 1"),
            (
                ["linear:5"],
                "--schedule: 'linear:5'; expected constant, exponential:A, inverse:A, step:FACTOR:EVERY, cosine:K[:MIN] or plateau:FACTOR:PATIENCE[:MIN], optionally after warmup:W+"
            ),
        ])
    func badSchedule(value: [String], message: String) throws {
        try expectFailure(["train", "--dataset", "xor", "--schedule"] + value, saying: message)
    }

    @Test(
        "the new schedules are refused with a second-order method",
        arguments: ["cosine:100", "plateau:0.5:3", "warmup:10", "warmup:10+cosine:100"])
    func scheduleWithSecondOrder(schedule: String) throws {
        try expectFailure(
            ["train", "--dataset", "xor", "--optimizer", "lbfgs", "--schedule", schedule],
            saying: "--schedule applies to the first-order rules, not --optimizer lbfgs")
    }

    /// The `learning_rate` column of a history CSV.
    static func learningRates(_ history: URL) throws -> [Double] {
        let lines = try String(contentsOf: history, encoding: .utf8).split(separator: "\n")
        let column = lines[0].split(separator: ",").firstIndex(of: "learning_rate")!
        return lines.dropFirst().map { Double($0.split(separator: ",")[column])! }
    }

    @Test("warm-up + cosine: the epochs' rates follow the formula")
    func warmupCosineRun() throws {
        let history = Self.temporaryFile("cosine.csv")
        defer { try? FileManager.default.removeItem(at: history) }
        // 288 training samples in batches of 32: 9 updates an epoch, so
        // epoch e starts at update k = 9 (e - 1).
        let result = try Self.run([
            "train", "--dataset", "moons", "--samples", "400", "--layers", "16", "--activation",
            "tanh", "--epochs", "6", "--batch-size", "32", "--seed", "3", "--threads", "1",
            "--learning-rate", "0.05", "--schedule", "warmup:12+cosine:36:0.1", "--history",
            history.path,
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        let rates = try Self.learningRates(history)
        let expected = (0..<6).map { epoch -> Double in
            let k = Double(9 * epoch)
            let cosine = k <= 36 ? 0.1 + 0.9 * (1 + cos(Double.pi * k / 36)) / 2 : 0.1
            return 0.05 * min(1, (k + 1) / 12) * cosine
        }
        #expect(rates.count == 6)
        for (rate, value) in zip(rates, expected) {
            #expect(abs(rate - value) <= 1e-6 * value, "\(rates) vs \(expected)")
        }
    }

    @Test("a plateau run resumed from its checkpoint ends with the same weights and history")
    func plateauResume() throws {
        let files = ["whole.safetensors", "half.safetensors", "resumed.safetensors"].map(
            Self.temporaryFile)
        let histories = ["whole.csv", "resumed.csv"].map(Self.temporaryFile)
        defer { for url in files + histories { try? FileManager.default.removeItem(at: url) } }
        let common = [
            "train", "--dataset", "moons", "--samples", "400", "--layers", "16", "--activation",
            "tanh", "--batch-size", "32", "--seed", "3", "--threads", "1", "--learning-rate",
            "0.05", "--schedule", "plateau:0.5:1:0.2",
        ]
        let whole = try Self.run(
            common + ["--epochs", "10", "--output", files[0].path, "--history", histories[0].path])
        #expect(whole.status == 0, "stderr: \(whole.error)")
        let half = try Self.run(common + ["--epochs", "4", "--output", files[1].path])
        #expect(half.status == 0, "stderr: \(half.error)")
        let resumed = try Self.run(
            common + [
                "--epochs", "10", "--resume", files[1].path, "--output", files[2].path,
                "--history", histories[1].path,
            ])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")

        let wholeFile = try SafeTensors(contentsOf: files[0])
        let resumedFile = try SafeTensors(contentsOf: files[2])
        #expect(wholeFile.tensors == resumedFile.tensors)
        // The plateau's multiplier, best loss and count, in the optimizer's state.
        let state = wholeFile.metadata["optimizer.state"]
        #expect(state == resumedFile.metadata["optimizer.state"])
        #expect(state?.contains("\"plateau.multiplier\":0.2") == true, "\(state ?? "")")
        let rates = try Self.learningRates(histories[0])
        #expect(try Self.learningRates(histories[1]) == rates)
        // Cut at the ends of epochs 3, 4 and 5 (the validation loss rose): to
        // 0.025, 0.0125, then to the floor 0.2 * 0.05 rather than 0.00625.
        #expect(rates.first == Double(Float(0.05)))
        #expect(rates.min() == Double(Float(0.05) * Float(0.2)), "\(rates)")
        #expect(rates.contains(Double(Float(0.025))), "\(rates)")
    }
}
