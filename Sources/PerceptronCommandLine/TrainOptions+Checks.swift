import ArgumentParser
import Foundation
import Perceptron

// The checks `train` makes before it loads anything: every value in its
// range, no option the chosen rule would ignore, and every output path
// writable, so that a mistake costs no training time.

extension TrainCommand {
    /// `value` is a number in `range`, or one line naming `option`.
    static func check(_ value: Double?, _ option: String, in range: Range<Double>) throws {
        guard let value else { return }
        guard !value.isNaN else { throw ValidationError("\(option): nan is not a number") }
        guard range.contains(value) else {
            throw ValidationError("\(option) must be in [\(range.lowerBound), \(range.upperBound)), not \(value)")
        }
    }

    /// `value` is a finite number at least 0, or one line naming `option`.
    static func checkNonNegative(_ value: Double?, _ option: String) throws {
        guard let value else { return }
        guard !value.isNaN else { throw ValidationError("\(option): nan is not a number") }
        guard value >= 0, value.isFinite else {
            throw ValidationError("\(option) must be a finite number at least 0, not \(value)")
        }
    }

    /// Ranges of the first-order settings, and none a rule `kind` ignores:
    /// momentum for the momentum rules, beta1 and beta2 for Adam and AdamW,
    /// the weight decay for AdamW, rho for the squared-gradient averages.
    func checkFirstOrderOptions(_ kind: OptimizerConfiguration.Kind) throws {
        try Self.checkNonNegative(learningRate, "--learning-rate")
        try Self.check(momentum, "--momentum", in: 0..<1)
        try Self.check(beta1, "--beta1", in: 0..<1)
        try Self.check(beta2, "--beta2", in: 0..<1)
        try Self.check(rho, "--rho", in: 0..<1)
        try Self.checkNonNegative(weightDecay, "--weight-decay")
        let users: [(String, Bool, [OptimizerConfiguration.Kind])] = [
            ("--momentum", momentum != nil, [.momentum, .nesterov, .nesterovRMSProp]),
            ("--beta1", beta1 != nil, [.adam, .adamW]), ("--beta2", beta2 != nil, [.adam, .adamW]),
            ("--weight-decay", weightDecay != nil, [.adamW]),
            ("--rho", rho != nil, [.rmsprop, .nesterovRMSProp, .adadelta]),
        ]
        for (option, given, kinds) in users where given && !kinds.contains(kind) {
            throw ValidationError(
                "\(option) applies to \(kinds.map(\.rawValue).joined(separator: ", ")), not --optimizer \(kind.rawValue)"
            )
        }
    }

    /// `--monitor`, `--patience` and `--minimum-delta` only with
    /// `--early-stopping`, each in its range, and a validation set for a
    /// validation metric.
    func checkEarlyStoppingOptions() throws {
        let given: [(String, Bool)] = [
            ("--monitor", monitor != nil && saveBest == nil), ("--patience", patience != nil),
            ("--minimum-delta", minimumDelta != nil),
        ]
        // A resumed run's checkpoint may have early stopping on
        // (checkResumable refuses these options when it has not).
        if !earlyStopping, resume == nil, let (option, _) = given.first(where: \.1) {
            throw ValidationError(
                "\(option) applies with --early-stopping\(option == "--monitor" ? " or --save-best" : ""), which is not given")
        }
        if let patience, patience < 1 {
            throw ValidationError("--patience must be at least 1")
        }
        try Self.checkNonNegative(minimumDelta, "--minimum-delta")
        let monitored = try monitoredMetric()
        if earlyStopping || saveBest != nil, validationFraction == 0, monitor != nil || earlyStopping,
            monitored.isValidation
        {
            throw ValidationError(
                "--early-stopping on \(monitored.rawValue) needs --validation-fraction > 0")
        }
    }

    /// Every file the run will write can be created: its directory exists
    /// and takes a new file (tried, since permissions alone do not say so
    /// under /proc or a read-only mount), and it is not a directory.
    func checkOutputPaths() throws {
        let outputs = [
            ("--output", output), ("--history", history), ("--plot", plot), ("--metrics", metrics),
            ("--save-best", saveBest),
        ]
        for case (let option, let path?) in outputs {
            try Self.checkWritable(path, option)
        }
    }

    static func checkWritable(_ path: String, _ option: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ValidationError("\(option) \(path): the directory \(directory) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw ValidationError("\(option) \(path): is a directory")
        }
        var template = Array((directory + "/.perceptron-write-check-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw ValidationError(
                "\(option) \(path): cannot create a file in \(directory): \(String(cString: strerror(errno)))"
            )
        }
        close(descriptor)
        unlink(template)
    }

    /// A note on stderr when `--threads` exceeds the machine's cores: the
    /// extra threads only take turns.
    func noteThreadCount() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let threads, threads > cores {
            FileHandle.standardError.write(
                Data("note: --threads \(threads) exceeds the \(cores) cores of this machine; the extra threads only take turns\n".utf8))
        }
    }
}
