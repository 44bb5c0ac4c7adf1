import Tensor
extension ConfusionMatrix {
    /// The correct predictions: the sum of the diagonal.
    public var correct: Int { (0..<classCount).reduce(0) { $0 + counts[$1][$1] } }

    /// `correct / total`, the fraction of right predictions; `0` for an
    /// empty matrix.
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// The counts behind `class`'s precision, recall and F1 (see
    /// ``ClassMetrics`` for the formulas and for `0/0`).
    ///
    /// Stops (a programmer error) when `class` is outside `0..<classCount`.
    public func metrics(of class: Int) -> ClassMetrics {
        require(
            (0..<classCount).contains(`class`),
            "ConfusionMatrix: class \(`class`) is outside 0..<\(classCount)")
        let truePositives = counts[`class`][`class`]
        let rowSum = counts[`class`].reduce(0, +)
        let columnSum = counts.reduce(0) { $0 + $1[`class`] }
        return ClassMetrics(
            truePositives: truePositives, falsePositives: columnSum - truePositives,
            falseNegatives: rowSum - truePositives)
    }

    /// ``metrics(of:)`` for every class, in class order.
    public var perClass: [ClassMetrics] { (0..<classCount).map(metrics(of:)) }

    /// The number of samples of `class` (its row sum).
    public func support(of class: Int) -> Int { metrics(of: `class`).support }
    /// The precision of `class`; `0` when it is never predicted.
    public func precision(of class: Int) -> Double { metrics(of: `class`).precision }
    /// The recall of `class`; `0` when it has no samples.
    public func recall(of class: Int) -> Double { metrics(of: `class`).recall }
    /// The F1 score of `class`; `0` when it has neither samples nor
    /// predictions.
    public func f1(of class: Int) -> Double { metrics(of: `class`).f1 }

    /// The unweighted mean of each metric over all ``classCount`` classes,
    /// undefined ones counting as `0` (scikit-learn's "macro avg" with
    /// `labels=range(k)` and `zero_division=0`).
    public var macroAverage: AveragedMetrics {
        let all = perClass
        let count = Double(classCount)
        return AveragedMetrics(
            precision: all.reduce(0) { $0 + $1.precision } / count,
            recall: all.reduce(0) { $0 + $1.recall } / count,
            f1: all.reduce(0) { $0 + $1.f1 } / count)
    }

    /// The mean of each metric over the classes weighted by their support
    /// (scikit-learn's "weighted avg"); all `0` for an empty matrix.
    public var weightedAverage: AveragedMetrics {
        guard total > 0 else { return AveragedMetrics(precision: 0, recall: 0, f1: 0) }
        let all = perClass
        let weight = { (metrics: ClassMetrics) in Double(metrics.support) / Double(self.total) }
        return AveragedMetrics(
            precision: all.reduce(0) { $0 + weight($1) * $1.precision },
            recall: all.reduce(0) { $0 + weight($1) * $1.recall },
            f1: all.reduce(0) { $0 + weight($1) * $1.f1 })
    }
}

/// Precision, recall and F1 averaged over classes: see
/// ``ConfusionMatrix/macroAverage`` and ``ConfusionMatrix/weightedAverage``.
public struct AveragedMetrics: Equatable, Sendable {
    /// The averaged precision.
    public var precision: Double
    /// The averaged recall.
    public var recall: Double
    /// The averaged F1 score (the average of the per-class scores, not the
    /// F1 of the averaged precision and recall).
    public var f1: Double

    /// Averages with these values.
    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }
}
