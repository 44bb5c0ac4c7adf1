import Tensor

/// How well predictions `ŷ` match real-valued targets `y`, per output `j`
/// over `n` samples with weights `w_i` (1 each for unweighted data):
///
/// ```
/// MSE_j = sum_i w_i (ŷ_ij - y_ij)^2 / sum_i w_i
/// MAE_j = sum_i w_i |ŷ_ij - y_ij| / sum_i w_i
/// R²_j  = 1 - sum_i w_i (ŷ_ij - y_ij)^2 / sum_i w_i (y_ij - ȳ_j)^2
/// ```
///
/// with `ȳ_j` the weighted mean of output `j`'s targets: the coefficient of
/// determination (scikit-learn's `r2_score`; 1 is a perfect fit, 0 is the
/// constant prediction `ȳ_j`, and it can be negative). Where the targets of
/// an output are all equal, `R²_j` is 1 for a perfect fit and 0 otherwise,
/// as scikit-learn defines it. The single figures (``meanSquaredError``,
/// ``meanAbsoluteError``, ``rSquared``) average the outputs uniformly
/// (scikit-learn's `multioutput="uniform_average"`).
public struct RegressionMetrics: Codable, Equatable, Sendable {
    /// `MSE_j` for each output.
    public var meanSquaredErrors: [Double]
    /// `MAE_j` for each output.
    public var meanAbsoluteErrors: [Double]
    /// `R²_j` for each output.
    public var rSquaredValues: [Double]

    /// The metrics from their parts.
    public init(meanSquaredErrors: [Double], meanAbsoluteErrors: [Double], rSquaredValues: [Double])
    {
        self.meanSquaredErrors = meanSquaredErrors
        self.meanAbsoluteErrors = meanAbsoluteErrors
        self.rSquaredValues = rSquaredValues
    }

    /// The metrics of the sums gathered by a ``RegressionSums``.
    public init(_ sums: RegressionSums) {
        let outputs = 0..<sums.outputCount
        let total = sums.totalWeight
        meanSquaredErrors = outputs.map { total > 0 ? sums.squaredErrors[$0] / total : 0 }
        meanAbsoluteErrors = outputs.map { total > 0 ? sums.absoluteErrors[$0] / total : 0 }
        rSquaredValues = outputs.map { j in
            guard total > 0 else { return 0 }
            let mean = sums.targets[j] / total
            let spread = max(0, sums.squaredTargets[j] - mean * sums.targets[j])
            let residual = sums.squaredErrors[j]
            guard spread > 0 else { return residual == 0 ? 1 : 0 }
            return 1 - residual / spread
        }
    }

    /// The number of outputs.
    public var outputCount: Int { meanSquaredErrors.count }
    /// The mean of ``meanSquaredErrors``.
    public var meanSquaredError: Double { average(meanSquaredErrors) }
    /// The mean of ``meanAbsoluteErrors``.
    public var meanAbsoluteError: Double { average(meanAbsoluteErrors) }
    /// The mean of ``rSquaredValues``: scikit-learn's default `r2_score`.
    public var rSquared: Double { average(rSquaredValues) }

    private func average(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}

/// The weighted sums ``RegressionMetrics`` is computed from, gathered one
/// prediction at a time (in `Double`, whatever the network's precision)
/// and added across batches, threads or processes.
///
/// ``flattened`` and ``init(flattened:outputCount:)`` turn them into one
/// array, so that processes sum them with one allreduce.
public struct RegressionSums: Equatable, Sendable {
    /// `sum_i w_i`.
    public var totalWeight: Double = 0
    /// `sum_i w_i y_ij` for each output `j`.
    public var targets: [Double]
    /// `sum_i w_i y_ij^2`.
    public var squaredTargets: [Double]
    /// `sum_i w_i (ŷ_ij - y_ij)^2`.
    public var squaredErrors: [Double]
    /// `sum_i w_i |ŷ_ij - y_ij|`.
    public var absoluteErrors: [Double]

    /// Zero sums for `outputCount` outputs.
    public init(outputCount: Int) {
        targets = Array(repeating: 0, count: outputCount)
        (squaredTargets, squaredErrors, absoluteErrors) = (targets, targets, targets)
    }

    /// The number of outputs.
    public var outputCount: Int { targets.count }

    /// Adds one sample: its predictions and targets (one per output) and
    /// its weight.
    public mutating func add(
        predictions: some Collection<Double>, targets sample: some Collection<Double>,
        weight: Double = 1
    ) {
        require(
            predictions.count == outputCount && sample.count == outputCount,
            "RegressionSums: \(predictions.count) predictions and \(sample.count) targets for \(outputCount) outputs"
        )
        totalWeight += weight
        for (j, (prediction, target)) in zip(predictions, sample).enumerated() {
            let error = prediction - target
            targets[j] += weight * target
            squaredTargets[j] += weight * target * target
            squaredErrors[j] += weight * error * error
            absoluteErrors[j] += weight * abs(error)
        }
    }

    /// The sums as one array: `[W, targets..., squaredTargets...,
    /// squaredErrors..., absoluteErrors...]`.
    public var flattened: [Double] {
        [totalWeight] + targets + squaredTargets + squaredErrors + absoluteErrors
    }

    /// The sums from ``flattened``'s layout.
    public init(flattened values: [Double], outputCount: Int) {
        require(
            values.count == 1 + 4 * outputCount,
            "RegressionSums: \(values.count) values for \(outputCount) outputs; expected \(1 + 4 * outputCount)"
        )
        func part(_ k: Int) -> [Double] {
            Array(values[(1 + k * outputCount)..<(1 + (k + 1) * outputCount)])
        }
        totalWeight = values[0]
        targets = part(0)
        squaredTargets = part(1)
        squaredErrors = part(2)
        absoluteErrors = part(3)
    }
}
