import CSignals
import Synchronization

/// A request to stop training after the current step, which another
/// thread, a callback or a signal (``onStopSignals(notice:)``) makes while
/// ``Trainer/fit(training:validation:epochs:onProgress:onEpoch:)`` runs.
///
/// Give it to ``Trainer/stopRequest``. The trainer looks at it after every
/// step: once it is made, a first-order rule stops after that step and
/// keeps the epoch's position in ``Trainer/epochInProgress``, so a
/// checkpoint written then resumes the epoch exactly where it stopped (the
/// same order, the same remaining batches, the same result to the bit as an
/// uninterrupted run); a second-order method ends its epoch at that
/// iteration. ``Trainer/stoppedOnRequest`` then tells the caller why `fit`
/// returned.
///
/// ```swift
/// let stop = try StopRequest.onStopSignals(notice: "stopping after this step\n")
/// trainer.stopRequest = stop
/// try trainer.fit(training: train, epochs: 20)
/// if trainer.stoppedOnRequest { try TrainingCheckpoint(trainer: trainer).write(toFile: "run.safetensors") }
/// ```
///
/// A request cannot be withdrawn: a later run needs a new one.
public final class StopRequest: Sendable {
    /// Made by ``request()``.
    private let requested = Atomic<Bool>(false)
    /// Whether the process's SIGINT and SIGTERM also make the request.
    private let watchesSignals: Bool

    /// A request not yet made, which only ``request()`` makes.
    public init() {
        watchesSignals = false
    }

    private init(watchesSignals: Bool) {
        self.watchesSignals = watchesSignals
    }

    /// A request that the process's first SIGINT (Ctrl-C) or SIGTERM (kill,
    /// a batch scheduler's time limit) makes, besides ``request()``; a
    /// second such signal ends the process at once with status 128 + its
    /// number (130 for SIGINT, 143 for SIGTERM), for a user who will not
    /// wait for the step to end.
    ///
    /// Installs the process's handlers for both signals (a signal ignored
    /// when the process started stays ignored) and unblocks them in the
    /// calling thread. The handler does only what POSIX allows a signal
    /// handler: it records the signal and writes `notice` to standard error
    /// (up to 511 bytes; empty for none).
    ///
    /// - Throws: ``StopSignalError`` when the handlers cannot be installed.
    public static func onStopSignals(notice: String = "") throws(StopSignalError) -> StopRequest {
        let code = perceptron_stop_on_signals(notice)
        guard code == 0 else { throw StopSignalError(code: code) }
        return StopRequest(watchesSignals: true)
    }

    /// Makes the request: training stops after the step in progress.
    public func request() {
        requested.store(true, ordering: .releasing)
    }

    /// Whether the request is made, by ``request()`` or a signal.
    public var isRequested: Bool {
        requested.load(ordering: .acquiring) || signal != nil
    }

    /// The signal that made the request (`SIGINT` or `SIGTERM`), if one
    /// did; always nil for a request that does not watch signals.
    public var signal: Int32? {
        guard watchesSignals else { return nil }
        let number = perceptron_stop_signal()
        return number == 0 ? nil : number
    }
}

/// The stop signals' handlers could not be installed (`sigaction` failed
/// with ``code``, an `errno` value).
public struct StopSignalError: Error, Sendable, CustomStringConvertible {
    /// The `errno` value of the failure.
    public var code: Int32

    public var description: String {
        "the handlers for SIGINT and SIGTERM could not be installed (errno \(code))"
    }
}
