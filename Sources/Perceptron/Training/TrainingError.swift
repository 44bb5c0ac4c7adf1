import Network

/// Why training stopped with an error. The model keeps the last parameters
/// that produced a finite loss and gradient (the failing step is not
/// applied), and no checkpoint is written for the failed epoch.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss of a batch was NaN or infinite (1-based epoch and step).
    case nonFiniteLoss(epoch: Int, step: Int, value: Double)
    /// The gradient of a batch held a NaN or an infinity.
    case nonFiniteGradient(epoch: Int, step: Int)
    /// The data did not fit the model (a label out of range, ...).
    case invalidData(NetworkError)
    /// Early stopping watches a validation metric but there is no
    /// validation set.
    case earlyStoppingNeedsValidation(HistoryMetric)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let step, let value):
            "the loss became \(value) at epoch \(epoch), step \(step); try a smaller learning rate or gradient clipping"
        case .nonFiniteGradient(let epoch, let step):
            "the gradient became non-finite at epoch \(epoch), step \(step); try a smaller learning rate or gradient clipping"
        case .invalidData(let error):
            error.description
        case .earlyStoppingNeedsValidation(let metric):
            "early stopping on \(metric.rawValue) needs a validation set"
        }
    }
}

/// What a per-epoch callback tells the trainer.
public enum TrainingControl: Sendable {
    /// Go on with the next epoch.
    case proceed
    /// Stop after this epoch.
    case stop
}

/// Where an epoch is, for a progress display.
public struct TrainingProgress: Sendable {
    /// The epoch, from 1.
    public var epoch: Int
    /// The epoch training runs to.
    public var epochs: Int
    /// Samples seen so far in this epoch.
    public var samples: Int
    /// Samples in the epoch.
    public var totalSamples: Int
    /// The mean training loss so far in this epoch.
    public var loss: Double
    /// The training accuracy so far in this epoch.
    public var accuracy: Double
    /// Seconds since the epoch started.
    public var seconds: Double
}
