import Foundation

/// The records of a training run, one per epoch, in order.
///
/// ```swift
/// var history = TrainingHistory()
/// history.append(EpochRecord(epoch: 1, loss: 0.52, accuracy: 0.81, learningRate: 1e-3,
///                            seconds: 3.1, samplesPerSecond: 19_400))
/// try history.write(to: URL(fileURLWithPath: "history.csv"))
/// let resumed = try TrainingHistory(contentsOf: URL(fileURLWithPath: "history.csv"))
/// ```
///
/// Saved as CSV (``csv``, ``init(csv:source:)``) for spreadsheets and
/// plotting tools, or as JSON through `Codable`; drawn by ``HistoryPlot``.
public struct TrainingHistory: Codable, Equatable, Sendable {
    /// One record per epoch, in the order they ran.
    public var records: [EpochRecord]

    /// A history with these records; empty by default.
    public init(records: [EpochRecord] = []) {
        self.records = records
    }

    /// Adds the record of the epoch just finished.
    public mutating func append(_ record: EpochRecord) {
        records.append(record)
    }

    /// Whether any record has a validation loss or accuracy.
    public var hasValidation: Bool {
        records.contains { $0.validationLoss != nil || $0.validationAccuracy != nil }
    }

    /// Whether any record is a regression's (``EpochRecord/isRegression``):
    /// then ``csv`` has the columns of ``regressionCSVHeader`` and
    /// ``HistoryPlot`` draws R², MSE and MAE in place of the accuracy.
    public var isRegression: Bool { records.contains(where: \.isRegression) }

    /// The record with the best value of `metric` (lowest loss, highest
    /// accuracy); the earliest on ties. Records without the metric (no
    /// validation) and NaN values are skipped; `nil` when none is left.
    public func best(by metric: HistoryMetric) -> EpochRecord? {
        var best: (record: EpochRecord, value: Double)?
        for record in records {
            guard let value = metric.value(in: record), !value.isNaN else { continue }
            if let current = best, !metric.isBetter(value, than: current.value) { continue }
            best = (record, value)
        }
        return best?.record
    }

    /// Writes ``csv`` to `url` atomically (a temporary file beside it, then
    /// renamed over it).
    ///
    /// - Throws: ``ReportingError/unwritableFile(path:reason:)``.
    public func write(to url: URL) throws(ReportingError) {
        try writeAtomically(csv, to: url)
    }

    /// Reads a history CSV file written by ``write(to:)``.
    ///
    /// - Throws: ``ReportingError/unreadableFile(path:reason:)``, or the
    ///   errors of ``init(csv:source:)`` with the file's path as source.
    public init(contentsOf url: URL) throws(ReportingError) {
        try self.init(csv: try readText(at: url), source: url.path)
    }
}
