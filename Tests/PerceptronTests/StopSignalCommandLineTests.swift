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
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
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
        // Batches of 16: an epoch is 270 small steps, and the time
        // between epochs (validation, the checkpoint) a small part of it.
        let run = try SignalledRun([
            "train", "--dataset", "spirals", "--samples", "6000", "--layers", "64",
            "--batch-size", "16", "--epochs", "1000", "--threads", "1",
            "--output", checkpoint.path,
        ])
        defer { run.remove() }
        // Half an epoch after the first one ended: in the middle of epoch 2.
        try #require(run.waitForOutput("epoch 1/1000"), "log: \(run.output)")
        let epochLine = run.output.split(separator: "\n").first { $0.hasPrefix("epoch 1/") }!
        let epochSeconds = Double(epochLine.split(separator: " ").reversed().dropFirst(3).first!) ?? 0.5
        Thread.sleep(forTimeInterval: max(epochSeconds, 0.05) / 2)
        kill(run.process, signal)
        #expect(run.exitStatus() == 128 + signal)

        #expect(run.output.contains("stopped by \(name) in epoch 2 after "), "log: \(run.output)")
        #expect(run.output.contains("continue with --resume \(checkpoint.path)"))
        #expect(!run.output.contains("test accuracy"))
        #expect(run.error.contains("stopping after the current step"), "stderr: \(run.error)")
        let stopped = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        let progress = try #require(stopped.epochInProgress)
        #expect(stopped.epochsCompleted == 1 && progress.epoch == 2 && progress.samples > 0)

        let resumed = try Self.run(["train", "--resume", checkpoint.path, "--epochs", "2"])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(resumed.output.contains("resuming \(checkpoint.path) \(progress.sentence)"), "\(resumed.output)")
        let finished = try TrainingCheckpoint<Float>(contentsOf: checkpoint).trainer
        #expect(finished.epochsCompleted == 2 && finished.epochInProgress == nil)
        // Two epochs of whole steps: none lost or repeated at the stop.
        #expect(finished.optimizer.stepCount == 2 * ((progress.sampleCount + 15) / 16))
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
}
