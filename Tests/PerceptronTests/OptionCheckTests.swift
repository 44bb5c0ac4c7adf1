import Foundation
import Testing

/// `train`'s options are checked before anything is loaded: each value in
/// its range, none that the chosen rule would ignore, every output path
/// writable. Each mistake is one line on stderr and a failure status.
extension CommandLineTests {
    @Test(
        "out-of-range optimizer settings are refused at parse time",
        arguments: [
            (["--beta1", "1.5"], "--beta1 must be in [0.0, 1.0), not 1.5"),
            (["--beta1", "1"], "--beta1 must be in [0.0, 1.0), not 1.0"),
            (["--beta1=-0.5"], "--beta1 must be in [0.0, 1.0), not -0.5"),
            (["--beta2", "1.5"], "--beta2 must be in [0.0, 1.0)"),
            (["--optimizer", "momentum", "--momentum", "2"], "--momentum must be in [0.0, 1.0)"),
            (["--optimizer", "momentum", "--momentum=-1"], "--momentum must be in [0.0, 1.0)"),
            (["--optimizer", "rmsprop", "--rho", "7"], "--rho must be in [0.0, 1.0)"),
            (["--optimizer", "adadelta", "--rho", "1.5"], "--rho must be in [0.0, 1.0)"),
            (["--schedule", "exponential:-1"], "--schedule: 'exponential:-1'"),
            (["--schedule", "inverse:-5"], "--schedule: 'inverse:-5'"),
            (["--early-stopping", "--minimum-delta=-1"], "--minimum-delta must be a finite number at least 0"),
            (["--learning-rate", "-1"], "--learning-rate must be a finite number at least 0, not -1.0"),
            (["--learning-rate", "nan"], "--learning-rate: nan is not a number"),
        ])
    func outOfRange(options: [String], message: String) throws {
        try expectFailure(["train", "--dataset", "xor"] + options, saying: message)
    }

    @Test(
        "options the chosen rule does not use are refused",
        arguments: [
            (["--momentum", "0.5"], "--momentum applies to momentum, nesterov, nesterov-rmsprop, not --optimizer adam"),
            (["--rho", "0.5"], "--rho applies to rmsprop, nesterov-rmsprop, adadelta, not --optimizer adam"),
            (["--optimizer", "sgd", "--beta1", "0.5"], "--beta1 applies to adam, adamw, not --optimizer sgd"),
            (["--weight-decay", "0.1"], "--weight-decay applies to adamw, not --optimizer adam"),
            (["--optimizer", "lbfgs", "--weight-decay", "0.1"], "--weight-decay applies to the first-order rules, not --optimizer lbfgs"),
            (["--monitor", "loss"], "--monitor applies with --early-stopping"),
            (["--patience", "3"], "--patience applies with --early-stopping"),
        ])
    func unusedOptions(options: [String], message: String) throws {
        try expectFailure(["train", "--dataset", "xor"] + options, saying: message)
    }

    @Test("output paths are checked before training, with the true reason")
    func outputPaths() throws {
        try expectFailure(
            ["train", "--dataset", "xor", "--output", "/proc/x"],
            saying: "--output /proc/x: cannot create a file in /proc")
        try expectFailure(
            ["train", "--dataset", "xor", "--history", "/nonexistent/dir/h.csv"],
            saying: "--history /nonexistent/dir/h.csv: the directory /nonexistent/dir does not exist")
        try expectFailure(
            ["train", "--dataset", "xor", "--plot", NSTemporaryDirectory()],
            saying: "is a directory")
        // Refused in well under a training's time: nothing was loaded.
        let result = try Self.run(["train", "--output", "/proc/x"])
        #expect(!result.output.contains("epoch"))
    }

    @Test("--threads sets the process's thread budget, and one above the core count is reported")
    func tooManyThreads() throws {
        let result = try Self.run([
            "train", "--dataset", "xor", "--layers", "4", "--epochs", "1", "--threads", "64",
        ])
        #expect(result.status == 0)
        #expect(result.error.contains("note: --threads 64 exceeds the"), "\(result.error)")
        #expect(result.output.contains(", 64 thread(s)"), "\(result.output)")
    }

    @Test("predict: --indices with --inputs, and an empty --indices, are refused")
    func predictIndices() throws {
        try expectFailure(
            ["predict", "--model", "m.safetensors", "--indices", "1", "--inputs", "x.csv"],
            saying: "--indices chooses test samples and --inputs gives samples: use one")
        try expectFailure(
            ["predict", "--model", "m.safetensors", "--indices", ""], saying: "--indices is empty")
    }
}
