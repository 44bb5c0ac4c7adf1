import Foundation
import Perceptron
import Testing

/// `perceptron-train` as a user meets it: every mistake is one line on
/// stderr and a non-zero exit, never a stack trace; a small run trains,
/// evaluates and predicts; the same seed gives the same weights.
///
/// Runs the executable built next to the tests (`scripts/test` builds it
/// with `swift build --build-tests`).
@Suite("perceptron-train", .serialized)
struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The executable beside this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for directory in [
            testBinary.deletingLastPathComponent(), root.appendingPathComponent(".build/debug"),
        ] {
            let candidate = directory.appendingPathComponent("perceptron-train")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/perceptron-train")
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging([
            "OPENBLAS_NUM_THREADS": "1"
        ]) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "cli-\(UUID().uuidString)-\(name)")
    }

    /// One line on stderr containing `message`, and a failure status.
    func expectFailure(
        _ arguments: [String], saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try Self.run(arguments)
        #expect(result.status != 0, sourceLocation: sourceLocation)
        let lines = result.error.split(separator: "\n").filter {
            !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.contains("--help")
        }
        #expect(lines.count == 1, "stderr: \(result.error)", sourceLocation: sourceLocation)
        #expect(
            result.error.contains(message), "stderr: \(result.error)",
            sourceLocation: sourceLocation)
    }

    @Test("a missing dataset names the apt command that installs it")
    func missingDataset() throws {
        try expectFailure(
            ["train", "--data-directory", "/nonexistent/fashion"],
            saying: "apt-get install dataset-fashion-mnist")
    }

    @Test(
        "bad arguments are reported one line each",
        arguments: [
            (["train", "--layers", "256,x"], "--layers: 'x' is not a positive integer"),
            (["train", "--activation", "swish"], "--activation: unknown 'swish'"),
            (["train", "--loss", "hinge"], "--loss: unknown 'hinge'"),
            (["train", "--optimizer", "lbfgs2"], "--optimizer: unknown 'lbfgs2'"),
            (["train", "--early-stopping", "--monitor", "f1"], "--monitor: unknown 'f1'"),
            (["train", "--precision", "half"], "--precision: 'half'"),
            (["train", "--schedule", "cosine"], "--schedule: 'cosine'"),
            (["train", "--clip-value", "1:-1"], "--clip-value: '1:-1'"),
            (["train", "--dropout", "1.5"], "--dropout must be in [0, 1)"),
            (["train", "--averaging", "geometric:2"], "--averaging: the decay"),
            (["train", "--batch-size", "0"], "--batch-size must be positive"),
            (["train", "--dataset", "csv"], "--dataset csv needs --csv PATH"),
            (["train", "--dataset", "idx"], "--dataset idx needs --train-images"),
            (
                ["train", "--early-stopping", "--validation-fraction", "0"],
                "needs --validation-fraction > 0"
            ),
        ])
    func badArguments(arguments: [String], message: String) throws {
        try expectFailure(arguments, saying: message)
    }

    @Test("a corrupt or missing checkpoint is rejected with its path")
    func corruptCheckpoint() throws {
        let garbage = Self.temporaryFile("garbage.safetensors")
        try Data("not a checkpoint at all".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        try expectFailure(
            ["evaluate", "--dataset", "xor", "--model", garbage.path],
            saying: "\(garbage.path): not a valid safetensors file")
        try expectFailure(
            ["evaluate", "--dataset", "xor", "--model", "/nonexistent/model.safetensors"],
            saying: "/nonexistent/model.safetensors: no such checkpoint file")
    }

    @Test("a CSV with a non-numeric feature names its line and column")
    func badCSV() throws {
        let csv = Self.temporaryFile("bad.csv")
        try Data("x,y,label\n1,2,0\n3,oops,1\n".utf8).write(to: csv)
        defer { try? FileManager.default.removeItem(at: csv) }
        let result = try Self.run(["train", "--dataset", "csv", "--csv", csv.path])
        #expect(result.status != 0)
        #expect(
            result.error.contains(csv.path) && result.error.contains("oops"),
            "stderr: \(result.error)")
    }

    @Test(
        "train, evaluate, predict and resume on a small set; the same seed gives the same weights")
    func smallRun() throws {
        let first = Self.temporaryFile("first.safetensors")
        let second = Self.temporaryFile("second.safetensors")
        let history = Self.temporaryFile("history.csv")
        let plot = Self.temporaryFile("curves.svg")
        defer {
            for url in [first, second, history, plot] {
                try? FileManager.default.removeItem(at: url)
            }
        }
        let common = [
            "--dataset", "moons", "--samples", "400", "--layers", "16", "--activation", "tanh",
            "--epochs", "4", "--batch-size", "32", "--seed", "3", "--threads", "1", "--dropout",
            "0.1",
        ]
        let trained = try Self.run(
            ["train"] + common + [
                "--output", first.path, "--history", history.path, "--plot", plot.path,
            ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        #expect(trained.output.contains("epoch 4/4"))
        #expect(trained.output.contains("test accuracy"))
        #expect(try String(contentsOf: history, encoding: .utf8).split(separator: "\n").count == 5)
        #expect(try String(contentsOf: plot, encoding: .utf8).contains("<svg"))

        // Reproducible bit for bit with the same seed and one thread.
        #expect(try Self.run(["train"] + common + ["--output", second.path]).status == 0)
        let a = try SafeTensors(contentsOf: first)
        let b = try SafeTensors(contentsOf: second)
        #expect(a.tensors == b.tensors)

        let evaluated = try Self.run([
            "evaluate", "--dataset", "moons", "--samples", "400", "--seed", "3", "--model",
            first.path,
        ])
        #expect(
            evaluated.status == 0 && evaluated.output.contains("accuracy")
                && evaluated.output.contains("precision"))

        let predicted = try Self.run([
            "predict", "--dataset", "moons", "--samples", "400", "--seed", "3", "--model",
            first.path, "--indices", "0,1",
        ])
        let lines = predicted.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.allSatisfy {
                $0.wholeMatch(of: /Label: [01], Predicted: [01] with 0\.\d{3} confidence/) != nil
            }, "\(predicted.output)")

        try expectFailure(
            [
                "predict", "--dataset", "moons", "--samples", "400", "--model", first.path,
                "--indices", "9999",
            ],
            saying: "--indices: '9999' is not a sample index in 0..<80")

        // Resuming to 6 epochs continues from epoch 5.
        let resumed = try Self.run(["train"] + common + ["--resume", first.path, "--epochs", "6"])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(resumed.output.contains("epoch 5/6") && !resumed.output.contains("epoch 4/6"))
        let wider = Self.temporaryFile("wider.csv")
        try Data("a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n2,2,2,0\n".utf8).write(to: wider)
        defer { try? FileManager.default.removeItem(at: wider) }
        try expectFailure(
            ["train", "--dataset", "csv", "--csv", wider.path, "--resume", first.path],
            saying: "the model takes 2 features but the data has 3")
    }

    @Test("a checkpoint loads in Python's safetensors package, when it is installed")
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
        let file = Self.temporaryFile("python.safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(
            try Self.run([
                "train", "--dataset", "xor", "--layers", "8", "--epochs", "1", "--output",
                file.path,
            ]).status == 0)
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
            print(tensors["layers.0.weight"].shape, tensors["layers.0.weight"].dtype, meta["format"], meta["scalar"])
            """,
            file.path,
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
                == "(2, 8) float32 perceptron-checkpoint-1 Float")
    }
}

extension CommandLineTests {
    @Test("XOR and spirals runs are reproducible bit for bit", arguments: ["xor", "spirals"])
    func reproducible(dataset: String) throws {
        let files = [Self.temporaryFile("a.safetensors"), Self.temporaryFile("b.safetensors")]
        defer { for url in files { try? FileManager.default.removeItem(at: url) } }
        for file in files {
            let result = try Self.run([
                "train", "--dataset", dataset, "--samples", "300", "--layers", "12,12", "--epochs",
                "3",
                "--seed", "11", "--threads", "1", "--output", file.path,
            ])
            #expect(result.status == 0, "stderr: \(result.error)")
        }
        let (a, b) = (try SafeTensors(contentsOf: files[0]), try SafeTensors(contentsOf: files[1]))
        #expect(!a.tensors.isEmpty && a.tensors == b.tensors)
    }

    @Test("predict reads samples from a CSV file of inputs")
    func predictFromCSV() throws {
        let model = Self.temporaryFile("model.safetensors")
        let inputs = Self.temporaryFile("inputs.csv")
        defer { for url in [model, inputs] { try? FileManager.default.removeItem(at: url) } }
        #expect(
            try Self.run([
                "train", "--dataset", "blobs", "--samples", "200", "--layers", "8", "--epochs", "2",
                "--output", model.path,
            ]).status == 0)
        try Data("x,y\n0.5,-1.0\n3,2\n".utf8).write(to: inputs)
        let result = try Self.run([
            "predict", "--model", model.path, "--inputs", inputs.path, "--header",
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.allSatisfy {
                $0.wholeMatch(of: /Predicted: [0-9] with [01]\.\d{3} confidence/) != nil
            }, "\(result.output)")
        try Data("x,y\n1,two\n".utf8).write(to: inputs)
        try expectFailure(
            ["predict", "--model", model.path, "--inputs", inputs.path, "--header"],
            saying: "line 2, column 2: 'two' is not a finite number")
    }
}
