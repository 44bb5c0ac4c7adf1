import Tensor
/// How a report prints a metric whose ratio is `0/0` (see ``ClassMetrics``).
public enum UndefinedMetric: Sendable, Equatable {
    /// As `0`, the value the metric properties return (scikit-learn's
    /// `zero_division=0`).
    case zero
    /// As `-`, so that "never predicted" is not confused with "always
    /// wrong".
    case dash
}

extension ConfusionMatrix {
    /// A per-class table of precision, recall, F1 and support, laid out like
    /// scikit-learn's `classification_report`:
    ///
    /// ```
    ///               precision  recall  f1-score  support
    ///
    ///          cat     0.8333  0.8333    0.8333        6
    ///          dog     0.8750  0.7778    0.8235        9
    ///         bird     0.8182  0.9000    0.8571       10
    ///
    ///     accuracy                       0.8400       25
    ///    macro avg     0.8422  0.8370    0.8380       25
    /// weighted avg     0.8405  0.8400    0.8387       25
    /// ```
    ///
    /// The "accuracy" row gives ``accuracy`` in the F1 column, "macro avg"
    /// ``macroAverage`` and "weighted avg" ``weightedAverage``; their
    /// support is ``total``.
    ///
    /// - Parameters:
    ///   - classNames: one name per class for the first column; `nil` shows
    ///     class indices.
    ///   - digits: decimals of every ratio; 4 by default.
    ///   - undefined: how to print a per-class metric that is `0/0`; `0` by
    ///     default.
    ///
    /// Stops (a programmer error) when `classNames` does not hold
    /// ``classCount`` names or `digits` is negative.
    public func classificationReport(
        classNames: [String]? = nil, digits: Int = 4, undefined: UndefinedMetric = .zero
    ) -> String {
        require(digits >= 0, "ConfusionMatrix: digits \(digits) must not be negative")
        let names = classNames ?? (0..<classCount).map(String.init)
        require(
            names.count == classCount,
            "ConfusionMatrix: \(names.count) class names for \(classCount) classes")
        let show = { (value: Double, isDefined: Bool) in
            isDefined || undefined == .zero ? fixed(value, digits) : "-"
        }
        var table = TextTable(alignments: Array(repeating: .right, count: 5), gap: 2)
        table.rows.append(["", "precision", "recall", "f1-score", "support"])
        table.rows.append([])
        for (name, metrics) in zip(names, perClass) {
            table.rows.append([
                name,
                show(metrics.precision, metrics.isPrecisionDefined),
                show(metrics.recall, metrics.isRecallDefined),
                show(metrics.f1, metrics.isF1Defined),
                String(metrics.support),
            ])
        }
        table.rows.append([])
        table.rows.append(["accuracy", "", "", fixed(accuracy, digits), String(total)])
        for (label, average) in [("macro avg", macroAverage), ("weighted avg", weightedAverage)] {
            table.rows.append([
                label, fixed(average.precision, digits), fixed(average.recall, digits),
                fixed(average.f1, digits), String(total),
            ])
        }
        return table.render()
    }
}
