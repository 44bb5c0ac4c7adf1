import Foundation
import Perceptron
import Testing

extension CommandLineTests {
    /// A `perceptron-train` run started as a shell starts a command in the
    /// foreground, with standard output and error going to files.
    struct SignalledRun {
        var process: pid_t
        var log: URL
        var errors: URL

        /// Starts `perceptron-train arguments` with SIGINT and SIGTERM at
        /// their default dispositions and no signal blocked. `Process`
        /// passes on the test runner's: a test thread blocks SIGTERM, and
        /// a runner started in the background ignores SIGINT.
        init(_ arguments: [String]) throws {
            log = CommandLineTests.temporaryFile("train.log")
            errors = CommandLineTests.temporaryFile("train.err")
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            let flags = O_WRONLY | O_CREAT | O_TRUNC
            posix_spawn_file_actions_addopen(&actions, 1, log.path, flags, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, errors.path, flags, 0o644)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGINT)
            sigaddset(&defaults, SIGTERM)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(
                &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let argv = ([CommandLineTests.executable.path] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let code = posix_spawn(
                &pid, CommandLineTests.executable.path, &actions, &attributes, argv, environ)
            guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
            process = pid
        }

        /// Standard output so far.
        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        /// Standard error so far.
        var error: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

        /// Waits up to `seconds` for standard output to contain `text`.
        func waitForOutput(_ text: String, seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if output.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return false
        }

        /// The exit status once the process ends (nil if a signal killed it).
        func exitStatus() -> Int32? {
            var status: Int32 = 0
            while waitpid(process, &status, 0) < 0 && errno == EINTR {}
            // WIFEXITED and WEXITSTATUS are macros Swift does not import.
            return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
        }

        /// Sends `signal` half an epoch after the run's first epoch ended,
        /// so that it most likely lands in the middle of the next one;
        /// returns the exit status.
        func signalInSecondEpoch(_ signal: Int32) throws -> Int32? {
            try #require(waitForOutput("val_loss"), "log: \(output)")
            let epochLine = output.split(separator: "\n").first { $0.contains("val_loss") }!
            let epochSeconds =
                Double(epochLine.split(separator: " ").reversed().dropFirst(3).first!) ?? 0.5
            Thread.sleep(forTimeInterval: max(epochSeconds, 0.05) / 2)
            kill(process, signal)
            return exitStatus()
        }

        func remove() {
            try? FileManager.default.removeItem(at: log)
            try? FileManager.default.removeItem(at: errors)
        }
    }

    @Test(
        "SIGINT or SIGTERM stops after the current step, saves, and exits 130 or 143; the run resumes in its epoch",
        arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
    func stoppedBySignal(signal: Int32, name: String) throws {
        let checkpoint = Self.temporaryFile("stopped.safetensors")
        defer { try? FileManager.default.removeItem(at: checkpoint) }
        // Batches of 16: an epoch is 270 small steps, and the time between
        // epochs (validation, the checkpoint) a small part of it. A signal
        // that still lands there stops at the epoch's end: then the run is
        // resumed and signalled again, up to three times in all.
        var stopped: Trainer<Float>?
        var log = ""
        for attempt in 0..<3 where stopped?.epochInProgress == nil {
            let run = try SignalledRun(
                attempt == 0
                    ? [
                        "train", "--dataset", "spirals", "--samples", "6000", "--layers", "64",
                        "--batch-size", "16", "--epochs", "1000", "--threads", "1",
                        "--output", checkpoint.path,
                    ] : ["train", "--resume", checkpoint.path, "--epochs", "1000"])
            defer { run.remove() }
            #expect(try run.signalInSecondEpoch(signal) == 128 + signal)
            #expect(run.error.contains("stopping after the current step"), "stderr: \(run.error)")
            log = run.output
            stopped = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        }
        let progress = try #require(stopped?.epochInProgress, "log: \(log)")
        #expect(stopped!.epochsCompleted == progress.epoch - 1 && progress.samples > 0)
        #expect(log.contains("stopped by \(name) \(progress.sentence)"), "log: \(log)")
        #expect(log.contains("continue with --resume \(checkpoint.path)"))
        #expect(!log.contains("test accuracy"))

        // The resumed run finishes that epoch, and only that.
        let resumed = try Self.run(
            ["train", "--resume", checkpoint.path, "--epochs", "\(progress.epoch)"])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(
            resumed.output.contains("resuming \(checkpoint.path) \(progress.sentence)"),
            "\(resumed.output)")
        let finished = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        #expect(finished.epochsCompleted == progress.epoch && finished.epochInProgress == nil)
        // Whole epochs of whole steps: none lost or repeated at the stop.
        #expect(finished.optimizer.stepCount == progress.epoch * ((progress.sampleCount + 15) / 16))
    }

    @Test("a second SIGINT ends the run at once, in the middle of a step, without saving")
    func secondInterrupt() throws {
        let checkpoint = Self.temporaryFile("second.safetensors")
        defer { try? FileManager.default.removeItem(at: checkpoint) }
        // Steps of about a second: 4 million weights, batches of 2048.
        let run = try SignalledRun([
            "train", "--dataset", "spirals", "--samples", "6000", "--layers", "2048,2048",
            "--batch-size", "2048", "--epochs", "10", "--threads", "1", "--output", checkpoint.path,
        ])
        defer { run.remove() }
        try #require(run.waitForOutput("training on"), "log: \(run.output)")
        Thread.sleep(forTimeInterval: 0.2)
        kill(run.process, SIGINT)
        // Apart, or the two would merge into one pending signal.
        Thread.sleep(forTimeInterval: 0.05)
        kill(run.process, SIGINT)
        #expect(run.exitStatus() == 130)
        #expect(run.error.contains("stopping after the current step"), "stderr: \(run.error)")
        #expect(!run.output.contains("stopped by"), "log: \(run.output)")
        #expect(!FileManager.default.fileExists(atPath: checkpoint.path))
    }

    @Test(
        "SIGINT stops L-BFGS after an iteration; resumed, the run finishes that epoch and ends on the bits of an uninterrupted one"
    )
    func secondOrderStoppedBySignal() throws {
        let checkpoint = Self.temporaryFile("stopped-lbfgs.safetensors")
        let whole = Self.temporaryFile("whole-lbfgs.safetensors")
        defer { for url in [checkpoint, whole] { try? FileManager.default.removeItem(at: url) } }
        // Iterations of about 15 ms, 20 an epoch. A signal that
        // lands between epochs stops at the epoch's end: then the run is
        // resumed and signalled again, up to three times in all.
        let options = [
            "--dataset", "spirals", "--samples", "2000", "--layers", "64", "--optimizer",
            "lbfgs", "--iterations-per-epoch", "20", "--threads", "1",
        ]
        var stopped: Trainer<Float>?
        var log = ""
        for attempt in 0..<3 where stopped?.minimizerEpochInProgress == nil {
            let run = try SignalledRun(
                attempt == 0
                    ? ["train"] + options + ["--epochs", "1000", "--output", checkpoint.path]
                    : ["train", "--resume", checkpoint.path, "--epochs", "1000", "--threads", "1"])
            defer { run.remove() }
            #expect(try run.signalInSecondEpoch(SIGINT) == 130)
            log = run.output
            stopped = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        }
        let progress = try #require(stopped?.minimizerEpochInProgress, "log: \(log)")
        #expect(stopped!.epochsCompleted == progress.epoch - 1 && progress.iterations > 0)
        #expect(log.contains("stopped by SIGINT \(progress.sentence)"), "log: \(log)")

        let resumed = try Self.run(
            [
                "train", "--resume", checkpoint.path, "--epochs", "\(progress.epoch)", "--threads",
                "1",
            ])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(resumed.output.contains("resuming \(checkpoint.path) \(progress.sentence)"))
        let finished = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        #expect(finished.epochsCompleted == progress.epoch)
        #expect(finished.minimizerEpochInProgress == nil)

        let uninterrupted = try Self.run(
            ["train"] + options + ["--epochs", "\(progress.epoch)", "--output", whole.path])
        #expect(uninterrupted.status == 0, "stderr: \(uninterrupted.error)")
        let reference = try TrainingCheckpoint<Float>(contentsOf: whole).trainer
        #expect(finished.model.parameters == reference.model.parameters)
        #expect(
            finished.history.records.map(\.functionEvaluations)
                == reference.history.records.map(\.functionEvaluations))
    }
}
