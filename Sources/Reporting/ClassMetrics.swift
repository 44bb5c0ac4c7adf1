/// Precision, recall and F1 of one class, from its row and column of a
/// ``ConfusionMatrix``.
///
/// ```
/// precision = tp / (tp + fp)          recall = tp / (tp + fn)
/// F1 = 2 tp / (2 tp + fp + fn)        (the harmonic mean of the two)
/// ```
///
/// A ratio whose denominator is zero is *undefined*; this type then reports
/// it as `0`, as scikit-learn does with `zero_division=0`, and says so in
/// ``isPrecisionDefined``, ``isRecallDefined`` and ``isF1Defined`` so that
/// a report can print `-` instead. Precision is undefined for a class never
/// predicted, recall for a class with no samples, F1 only when both are.
public struct ClassMetrics: Equatable, Sendable {
    /// Samples of this class predicted as this class (the diagonal entry).
    public var truePositives: Int
    /// Samples of other classes predicted as this class (the rest of the
    /// column).
    public var falsePositives: Int
    /// Samples of this class predicted as another class (the rest of the
    /// row).
    public var falseNegatives: Int

    /// Metrics from the three counts.
    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// The number of samples of this class, `tp + fn` (the row sum).
    public var support: Int { truePositives + falseNegatives }
    /// The number of predictions of this class, `tp + fp` (the column sum).
    public var predictedCount: Int { truePositives + falsePositives }

    /// `tp / (tp + fp)`: the fraction of this class's predictions that are
    /// right; `0` when the class is never predicted.
    public var precision: Double { ratio(truePositives, predictedCount) }
    /// `tp / (tp + fn)`: the fraction of this class's samples found; `0`
    /// when the class has no samples.
    public var recall: Double { ratio(truePositives, support) }
    /// `2 tp / (2 tp + fp + fn)`, the harmonic mean of precision and
    /// recall; `0` when undefined.
    public var f1: Double {
        ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
    }

    /// Whether ``precision`` is a ratio (the class was predicted at least
    /// once) rather than the `0` standing for `0/0`.
    public var isPrecisionDefined: Bool { predictedCount > 0 }
    /// Whether ``recall`` is a ratio (the class has samples) rather than the
    /// `0` standing for `0/0`.
    public var isRecallDefined: Bool { support > 0 }
    /// Whether ``f1`` is a ratio: false only when the class has neither
    /// samples nor predictions.
    public var isF1Defined: Bool { isPrecisionDefined || isRecallDefined }
}

/// `numerator / denominator`, and `0` for `0/0`.
private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
}
