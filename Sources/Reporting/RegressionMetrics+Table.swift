import Foundation
import Tensor

extension RegressionMetrics {
    /// The metrics as a text table, one row per output, then for several
    /// outputs their uniform average (``meanSquaredError``,
    /// ``meanAbsoluteError``, ``rSquared``):
    ///
    /// ```
    /// target         MSE      MAE      R²
    /// price       0.8123   0.6012  0.9312
    /// rent       0.02331   0.1187  0.9561
    /// average     0.4178   0.3600  0.9437
    /// ```
    ///
    /// MSE and MAE are in the targets' original units (squared for the
    /// MSE), with four significant digits; R² with four decimals.
    ///
    /// - Parameter targetNames: one name per output; `nil` names them
    ///   `y0`, `y1`, ...
    ///
    /// Stops (a programmer error) when the names are not one per output.
    public func table(targetNames: [String]? = nil) -> String {
        if let targetNames {
            require(
                targetNames.count == outputCount,
                "RegressionMetrics: \(targetNames.count) target names for \(outputCount) outputs")
        }
        let names = targetNames ?? (0..<outputCount).map { "y\($0)" }
        var table = TextTable(alignments: [.left, .right, .right, .right], gap: 2)
        table.rows.append(["target", "MSE", "MAE", "R²"])
        func row(_ name: String, _ mse: Double, _ mae: Double, _ r2: Double) -> [String] {
            [name, String(format: "%.4g", mse), String(format: "%.4g", mae), fixed(r2, 4)]
        }
        for j in 0..<outputCount {
            table.rows.append(
                row(names[j], meanSquaredErrors[j], meanAbsoluteErrors[j], rSquaredValues[j]))
        }
        if outputCount > 1 {
            table.rows.append(row("average", meanSquaredError, meanAbsoluteError, rSquared))
        }
        return table.render()
    }
}
