import Network
import Reporting

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
    /// A data set whose samples have `found` features, given to a model
    /// that takes `expected`; `role` names the set ("training",
    /// "validation", "evaluation", "prediction").
    case featureCountMismatch(role: String, found: Int, expected: Int)
    /// A data set with more classes than the model predicts.
    case tooManyClasses(role: String, found: Int, modelClasses: Int)
    /// Early stopping watches a validation metric but there is no
    /// validation set.
    case earlyStoppingNeedsValidation(HistoryMetric)
    /// A second-order method met a layer that makes the loss random (dropout
    /// or input noise, named as in the model's summary): line searches and
    /// curvature estimates need a deterministic loss.
    case randomLayer(method: OptimizerConfiguration.Kind, layer: String)
    /// A method that keeps a dense `n x n` matrix met a model with more
    /// parameters than its ``OptimizerConfiguration/Kind/parameterLimit``.
    case tooManyParameters(method: OptimizerConfiguration.Kind, count: Int, limit: Int)
    /// Polyak averaging was asked for with a second-order method, whose
    /// iterates are not noisy estimates to average.
    case averagingWithMinimizer(OptimizerConfiguration.Kind)
    /// A regression data set with `found` targets per sample, given to a
    /// model with `expected` outputs.
    case targetCountMismatch(role: String, found: Int, expected: Int)
    /// Regression metrics asked of a data set with class labels.
    case notRegressionData(role: String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let step, let value):
            "the loss became \(value) at epoch \(epoch), step \(step); try a smaller learning rate or gradient clipping"
        case .nonFiniteGradient(let epoch, let step):
            "the gradient became non-finite at epoch \(epoch), step \(step); try a smaller learning rate or gradient clipping"
        case .invalidData(let error):
            error.description
        case .featureCountMismatch(let role, let found, let expected):
            "the \(role) data has \(found) features per sample but the model takes \(expected)"
        case .tooManyClasses(let role, let found, let modelClasses):
            "the \(role) data has \(found) classes but the model predicts \(modelClasses)"
        case .earlyStoppingNeedsValidation(let metric):
            "early stopping on \(metric.rawValue) needs a validation set"
        case .randomLayer(let method, let layer):
            "\(method.rawValue) needs a deterministic loss, but the model has a '\(layer)' layer; remove it (--dropout 0, --input-noise 0) or use a first-order optimizer"
        case .tooManyParameters(let method, let count, let limit):
            "\(method.rawValue) keeps a dense \(count) x \(count) matrix; it is limited to \(limit) parameters and the model has \(count); use lbfgs or hessian-free"
        case .averagingWithMinimizer(let method):
            "Polyak averaging is for first-order rules, not for \(method.rawValue) (use --averaging none)"
        case .targetCountMismatch(let role, let found, let expected):
            "the \(role) data has \(found) targets per sample but the model has \(expected) outputs"
        case .notRegressionData(let role):
            "the \(role) data has class labels; regression metrics need real-valued targets"
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
    /// Work done so far in this epoch, in ``unit``s: samples for a
    /// first-order rule, iterations for a second-order method.
    public var samples: Int
    /// The work in the epoch, in ``unit``s.
    public var totalSamples: Int
    /// The mean training loss so far in this epoch (a second-order method:
    /// the loss at the current iterate).
    public var loss: Double
    /// The training accuracy so far in this epoch; `nil` for a second-order
    /// method, which measures it at the end of the epoch only.
    public var accuracy: Double?
    /// Seconds since the epoch started.
    public var seconds: Double
    /// What ``samples`` counts: `"samples"` or `"iterations"`.
    public var unit = "samples"
}
