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
    /// Regression: ``EpochRecord/validationMeanSquaredError``, in the
    /// targets' original units; lower is better.
    case validationMeanSquaredError = "validation_mse"
    /// Regression: ``EpochRecord/validationMeanAbsoluteError``, in the
    /// targets' original units; lower is better.
    case validationMeanAbsoluteError = "validation_mae"
    /// Regression: ``EpochRecord/validationRSquared``, the coefficient of
    /// determination (1 for a perfect fit); higher is better.
    case validationRSquared = "validation_r2"

    /// Whether lower values are better (the losses and the errors).
    public var lowerIsBetter: Bool {
        [.loss, .validationLoss, .validationMeanSquaredError, .validationMeanAbsoluteError]
            .contains(self)
    }

    /// Whether the metric is measured on a validation set.
    public var isValidation: Bool { self != .loss && self != .accuracy }

    /// Whether the metric exists only for regression (MSE, MAE, R²).
    public var isRegressionMetric: Bool {
        [.validationMeanSquaredError, .validationMeanAbsoluteError, .validationRSquared]
            .contains(self)
    }

    /// Whether the metric exists only for classification (the accuracies).
    public var isClassificationMetric: Bool { self == .accuracy || self == .validationAccuracy }

    /// The metric's value in `record`; `nil` when the record has none.
    public func value(in record: EpochRecord) -> Double? {
        switch self {
        case .loss: record.loss
        case .accuracy: record.accuracy
        case .validationLoss: record.validationLoss
        case .validationAccuracy: record.validationAccuracy
        case .validationMeanSquaredError: record.validationMeanSquaredError
        case .validationMeanAbsoluteError: record.validationMeanAbsoluteError
        case .validationRSquared: record.validationRSquared
        }
    }

    /// Whether `value` is strictly better than `other` for this metric.
    public func isBetter(_ value: Double, than other: Double) -> Bool {
        lowerIsBetter ? value < other : value > other
    }
}
