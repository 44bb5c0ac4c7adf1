import Foundation

/// A one-line progress bar redrawn in place during an epoch, when the
/// output is a terminal.
///
/// ```swift
/// var bar = ProgressBar()  // stdout; draws only when stdout is a terminal
/// for batch in batches {
///     // ... train on the batch ...
///     bar.update(ProgressState(epoch: epoch, epochCount: 20, samplesDone: done,
///                              sampleCount: 60_000, loss: meanLoss, elapsedSeconds: elapsed))
/// }
/// bar.clear()
/// print(record.summary(epochCount: 20))
/// ```
///
/// On a terminal each drawing is `\r`, the ``ProgressState/line(barWidth:)``
/// and the "erase to end of line" code `ESC [K`, throttled to one per
/// ``minimumInterval`` (0.1 s, so at most about ten redraws a second) except
/// for the first drawing and for a completed epoch, which always show.
/// When the output is not a terminal (a pipe, a log file) the bar writes
/// nothing at all, and the caller prints one summary line per epoch instead
/// (``EpochRecord/summary(epochCount:)``).
///
/// Output goes to any `TextOutputStream`: ``StandardOutput`` in a tool, a
/// `String` in a test. Time comes from a clock closure, or is passed to
/// ``update(_:now:)`` directly, so that tests control it.
public struct ProgressBar<Output: TextOutputStream> {
    /// Where the bar is drawn; a test reads back what was written.
    public var output: Output
    /// Whether `output` is a terminal; when not, nothing is drawn.
    public let isTerminal: Bool
    /// The shortest time between two drawings, in seconds.
    public var minimumInterval: Double
    /// The number of cells of the bar itself.
    public var barWidth: Int
    /// The terminal's width in columns, if known: longer lines are cut to
    /// one column less, since a line that wraps cannot be redrawn by `\r`.
    public var columns: Int?

    private let clock: @Sendable () -> Double
    private var lastDrawing: Double?
    private var isShowing = false

    /// A bar that draws on `output`.
    ///
    /// - Parameters:
    ///   - output: the stream to draw on.
    ///   - isTerminal: whether `output` is a terminal (for standard output,
    ///     ``StandardOutput/isTerminal``).
    ///   - minimumInterval: the shortest time between drawings; 0.1 s.
    ///   - barWidth: the bar's cells; 20.
    ///   - columns: the terminal's width, to cut longer lines; `nil` cuts
    ///     nothing.
    ///   - clock: the current time in seconds on any fixed origin, for
    ///     ``update(_:)``; `nil` uses a monotonic clock.
    public init(
        output: Output, isTerminal: Bool, minimumInterval: Double = 0.1, barWidth: Int = 20,
        columns: Int? = nil, clock: (@Sendable () -> Double)? = nil
    ) {
        self.output = output
        self.isTerminal = isTerminal
        self.minimumInterval = minimumInterval
        self.barWidth = barWidth
        self.columns = columns
        self.clock = clock ?? monotonicSeconds
    }

    /// Draws `state` if the bar is on a terminal and the last drawing is at
    /// least ``minimumInterval`` old (by the clock), or if this is the first
    /// drawing since ``clear()``, or if the epoch is complete.
    ///
    /// - Returns: whether it drew.
    @discardableResult
    public mutating func update(_ state: ProgressState) -> Bool {
        update(state, now: clock())
    }

    /// ``update(_:)`` at time `now` (seconds, same origin on every call)
    /// instead of the clock's time.
    @discardableResult
    public mutating func update(_ state: ProgressState, now: Double) -> Bool {
        guard isTerminal else { return false }
        if let lastDrawing, now - lastDrawing < minimumInterval, !state.isComplete {
            return false
        }
        var line = state.line(barWidth: barWidth)
        if let columns, columns > 1, line.count >= columns {
            line = String(line.prefix(columns - 1))
        }
        output.write("\r" + line + "\u{1B}[K")
        lastDrawing = now
        isShowing = true
        return true
    }

    /// Erases the bar's line (on a terminal, if drawn), so that the next
    /// output starts on a clean line, and lets the next ``update(_:)`` draw
    /// at once.
    public mutating func clear() {
        if isShowing { output.write("\r\u{1B}[K") }
        isShowing = false
        lastDrawing = nil
    }
}

extension ProgressBar: Sendable where Output: Sendable {}

extension ProgressBar where Output == StandardOutput {
    /// A bar on standard output, drawn only when it is a terminal
    /// (``StandardOutput/isTerminal``), cut to the terminal's width.
    public init(minimumInterval: Double = 0.1, barWidth: Int = 20) {
        self.init(
            output: StandardOutput(), isTerminal: StandardOutput.isTerminal,
            minimumInterval: minimumInterval, barWidth: barWidth,
            columns: StandardOutput.terminalColumns)
    }
}

/// Seconds on the monotonic clock since an arbitrary origin.
private func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
