import Tensor
/// Where an epoch stands, for a ``ProgressBar``: how many samples are done,
/// the running loss and accuracy, and the time spent.
public struct ProgressState: Equatable, Sendable {
    /// The epoch's number, counting from 1.
    public var epoch: Int
    /// The run's planned number of epochs.
    public var epochCount: Int
    /// Training samples processed so far in this epoch.
    public var samplesDone: Int
    /// Training samples in the epoch.
    public var sampleCount: Int
    /// Wall-clock seconds since the epoch started.
    public var elapsedSeconds: Double
    /// The mean loss over the samples done; `nil` before the first batch.
    public var loss: Double?
    /// The fraction of the samples done classified correctly; `nil` when
    /// not measured.
    public var accuracy: Double?
    /// What ``samplesDone`` and ``sampleCount`` count, named in the rate:
    /// `"samples"` (the default) or, for a second-order method,
    /// `"iterations"`.
    public var unit: String

    /// A state with these values; loss and accuracy default to unknown, the
    /// unit to samples.
    public init(
        epoch: Int, epochCount: Int, samplesDone: Int, sampleCount: Int, elapsedSeconds: Double,
        loss: Double? = nil, accuracy: Double? = nil, unit: String = "samples"
    ) {
        self.epoch = epoch
        self.epochCount = epochCount
        self.samplesDone = samplesDone
        self.sampleCount = sampleCount
        self.elapsedSeconds = elapsedSeconds
        self.loss = loss
        self.accuracy = accuracy
        self.unit = unit
    }

    /// `samplesDone / sampleCount`, clamped to `0...1` (`1` for an empty
    /// epoch).
    public var fraction: Double {
        sampleCount <= 0 ? 1 : min(1, max(0, Double(samplesDone) / Double(sampleCount)))
    }

    /// Whether every sample of the epoch is done.
    public var isComplete: Bool { samplesDone >= sampleCount }

    /// Samples (``unit``s) per second so far; `nil` before any sample or
    /// time.
    public var samplesPerSecond: Double? {
        guard samplesDone > 0, elapsedSeconds > 0 else { return nil }
        return Double(samplesDone) / elapsedSeconds
    }

    /// Seconds left at the rate so far; `nil` when the rate is unknown.
    public var etaSeconds: Double? {
        samplesPerSecond.map { Double(max(0, sampleCount - samplesDone)) / $0 }
    }

    /// The progress line, without line ends or terminal codes:
    ///
    /// ```
    /// epoch 3/20 [=========>          ] 45% 27000/60000 loss 0.4123 acc 0.853 12.3k samples/s ETA 4s
    /// ```
    ///
    /// The bar has `barWidth` cells, filled in proportion to ``fraction``
    /// (`>` marks the front); the percentage is rounded down. The samples
    /// done are padded to the width of the total so the line keeps its
    /// length while it redraws. Loss (four decimals), accuracy (three), rate
    /// and ETA are left out while unknown.
    ///
    /// Stops (a programmer error) when `barWidth < 1`.
    public func line(barWidth: Int = 20) -> String {
        require(barWidth >= 1, "ProgressState: barWidth \(barWidth) must be at least 1")
        let filled = Int(fraction * Double(barWidth))
        let bar =
            filled >= barWidth
            ? String(repeating: "=", count: barWidth)
            : String(repeating: "=", count: filled) + ">"
                + String(repeating: " ", count: barWidth - filled - 1)
        let total = String(sampleCount)
        let done = String(samplesDone)
        var line = "epoch \(epoch)/\(epochCount) [\(bar)] \(Int(fraction * 100))% "
        line += String(repeating: " ", count: max(0, total.count - done.count)) + done + "/" + total
        if let loss { line += " loss \(fixed(loss, 4))" }
        if let accuracy { line += " acc \(fixed(accuracy, 3))" }
        if let samplesPerSecond {
            // Under 1000 per second, one decimal: iterations can be slow.
            let rate =
                samplesPerSecond < 999.5 && unit != "samples"
                ? fixed(samplesPerSecond, 1) : compact(samplesPerSecond)
            line += " \(rate) \(unit)/s"
        }
        if let etaSeconds { line += " ETA \(shortDuration(etaSeconds))" }
        return line
    }
}
