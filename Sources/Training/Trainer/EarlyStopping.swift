import Reporting
import Tensor
/// Stops training when a monitored metric has not improved for a number of
/// epochs, optionally restoring the weights of the best epoch.
public struct EarlyStopping: Codable, Hashable, Sendable {
    /// What is watched.
    public var metric: HistoryMetric
    /// How many epochs without improvement end training.
    public var patience: Int
    /// The smallest change that counts as an improvement.
    public var minimumImprovement: Double
    /// Whether the weights of the best epoch are put back at the end.
    public var restoresBestWeights: Bool

    /// Early stopping on `metric` (validation loss by default) after
    /// `patience` epochs (5) without an improvement of at least
    /// `minimumImprovement` (0), restoring the best weights (yes).
    public init(
        metric: HistoryMetric = .validationLoss, patience: Int = 5, minimumImprovement: Double = 0,
        restoresBestWeights: Bool = true
    ) {
        require(patience >= 1, "EarlyStopping: patience \(patience) < 1")
        require(
            minimumImprovement >= 0, "EarlyStopping: minimumImprovement \(minimumImprovement) < 0")
        self.metric = metric
        self.patience = patience
        self.minimumImprovement = minimumImprovement
        self.restoresBestWeights = restoresBestWeights
    }

    /// Whether `value` improves on `best` by at least the minimum.
    public func improves(_ value: Double, on best: Double?) -> Bool {
        guard let best else { return true }
        return metric.lowerIsBetter
            ? value < best - minimumImprovement : value > best + minimumImprovement
    }
}
