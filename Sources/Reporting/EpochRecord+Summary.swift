import Foundation

extension EpochRecord {
    /// One line for a log or a pipe, printed once per epoch when stdout is
    /// not a terminal (and after the progress bar when it is):
    ///
    /// ```
    /// epoch 3/20  loss 0.4123  acc 0.8530  val_loss 0.4012  val_acc 0.8601  3.1 s  19.4k samples/s
    /// ```
    ///
    /// Losses and accuracies have four decimals, seconds one; the rate is
    /// compact (`850`, `19.4k`, `1.2M`). The validation fields are left out
    /// when missing. A second-order method's record adds its iterations and
    /// evaluations so far and the gradient norm before the time:
    ///
    /// ```
    /// epoch 3/20  loss 0.1123  acc 0.9730  iterations 30  evaluations 33  |g| 2.1e-03  0.4 s  101.2k samples/s
    /// ```
    ///
    /// A regression record (``isRegression``) shows the validation MSE, MAE
    /// (original units, four significant digits) and R² in place of the
    /// accuracies:
    ///
    /// ```
    /// epoch 3/20  loss 0.0412  val_loss 0.0398  val_mse 0.00612  val_mae 0.0598  val_r2 0.9871  0.1 s  40.2k samples/s
    /// ```
    ///
    /// - Parameter epochCount: the run's planned number of epochs, shown as
    ///   `3/20`; `nil` shows the epoch alone.
    public func summary(epochCount: Int? = nil) -> String {
        var fields = ["epoch \(epoch)" + (epochCount.map { "/\($0)" } ?? "")]
        fields.append("loss \(fixed(loss, 4))")
        if !isRegression { fields.append("acc \(fixed(accuracy, 4))") }
        if let validationLoss { fields.append("val_loss \(fixed(validationLoss, 4))") }
        if let validationAccuracy { fields.append("val_acc \(fixed(validationAccuracy, 4))") }
        if let validationMeanSquaredError {
            fields.append("val_mse " + String(format: "%.4g", validationMeanSquaredError))
        }
        if let validationMeanAbsoluteError {
            fields.append("val_mae " + String(format: "%.4g", validationMeanAbsoluteError))
        }
        if let validationRSquared { fields.append("val_r2 \(fixed(validationRSquared, 4))") }
        if let iterations { fields.append("iterations \(iterations)") }
        if let functionEvaluations { fields.append("evaluations \(functionEvaluations)") }
        if let gradientNorm { fields.append("|g| " + String(format: "%.1e", gradientNorm)) }
        fields.append("\(fixed(seconds, 1)) s")
        fields.append("\(compact(samplesPerSecond)) samples/s")
        return fields.joined(separator: "  ")
    }
}
