/// A per-epoch metric of an ``EpochRecord``, for picking the best epoch
/// (``TrainingHistory/best(by:)``).
public enum HistoryMetric: String, Codable, CaseIterable, Sendable {
    /// ``EpochRecord/loss``; lower is better.
    case loss
    /// ``EpochRecord/accuracy``; higher is better.
    case accuracy
    /// ``EpochRecord/validationLoss``; lower is better.
    case validationLoss = "validation_loss"
    /// ``EpochRecord/validationAccuracy``; higher is better.
    case validationAccuracy = "validation_accuracy"

    /// Whether lower values are better (the losses).
    public var lowerIsBetter: Bool { self == .loss || self == .validationLoss }

    /// The metric's value in `record`; `nil` when the record has none.
    public func value(in record: EpochRecord) -> Double? {
        switch self {
        case .loss: record.loss
        case .accuracy: record.accuracy
        case .validationLoss: record.validationLoss
        case .validationAccuracy: record.validationAccuracy
        }
    }

    /// Whether `value` is strictly better than `other` for this metric.
    public func isBetter(_ value: Double, than other: Double) -> Bool {
        lowerIsBetter ? value < other : value > other
    }
}
