import ArgumentParser
import Perceptron

// `train` with a regression loss (mse, l1): real-valued targets from CSV
// columns, standardized on the training part; MSE, MAE and R² in place of
// the accuracy and the confusion matrix.

extension Loss {
    /// Whether `perceptron-train` reads real-valued targets for this loss
    /// (mse, l1) rather than class labels.
    var isRegression: Bool { self == .meanSquaredError || self == .meanAbsoluteError }
}

extension TrainCommand {
    /// Whether the options ask for a regression: a regression loss, given
    /// or implied by `--target-columns`. A resumed run is the checkpoint's
    /// (``Perceptron/TrainingCheckpoint/isRegression``).
    var regression: Bool { (try? lossFunction().isRegression) ?? false }

    /// The combinations a regression, or a classification, cannot use:
    /// `--target-columns` with a classification loss, a regression loss on
    /// a data set of class labels, and a metric of the other kind to
    /// monitor. A resumed run's data set and loss are the checkpoint's,
    /// which ``prepare(_:resuming:group:)`` checks once it has read them.
    func checkRegressionOptions() throws {
        if data.targetColumns != nil, !regression {
            throw ValidationError(
                "--target-columns reads real-valued targets for --loss mse or l1, not --loss \(loss)"
            )
        }
        guard resume == nil else { return }
        if regression, data.source != .csv {
            throw ValidationError(
                "--loss \(loss) needs real-valued targets, which only --dataset csv reads (--label-column or --target-columns); \(data.source.rawValue) has class labels"
            )
        }
        if let problem = try monitorProblem(regression: regression) {
            throw ValidationError(problem)
        }
    }

    /// Why `--monitor` does not fit a regression (or a classification), if
    /// it does not: the accuracies measure classes, R², MSE and MAE real
    /// values.
    func monitorProblem(regression: Bool) throws -> String? {
        guard monitor != nil else { return nil }
        let metric = try monitoredMetric()
        if regression, metric.isClassificationMetric {
            return
                "--monitor \(monitor!) measures classes; a regression monitors val_loss, val_r2, val_mse, val_mae or loss"
        }
        if !regression, metric.isRegressionMetric {
            return
                "--monitor \(monitor!) measures a regression (--loss mse or l1); a classification monitors val_loss, val_accuracy, loss or accuracy"
        }
        return nil
    }

    /// The final test figures of a regression, in the targets' original
    /// units: MSE, MAE and R² averaged over the outputs, over every
    /// process's share of `test` across `group`.
    func regressionMetrics<Scalar: BLASScalar>(
        trainer: Trainer<Scalar>, test: Dataset<Scalar>, across group: (any Communicator)?
    ) throws -> RegressionMetrics {
        try group.map { try trainer.regressionMetrics(test, across: $0) }
            ?? trainer.regressionMetrics(test)
    }
}

/// The one line of test figures: `test loss 0.0123, test MSE 0.004123,
/// test MAE 0.05112, test R² 0.9903` (`evaluate` prints it without the
/// word `test`). MSE and MAE are in the targets' original units (averaged
/// over the outputs), with four significant digits.
func regressionLine(loss: Double, _ metrics: RegressionMetrics, prefix: String) -> String {
    String(
        format: "\(prefix)loss %.4f, \(prefix)MSE %.4g, \(prefix)MAE %.4g, \(prefix)R² %.4f", loss,
        metrics.meanSquaredError, metrics.meanAbsoluteError, metrics.rSquared)
}
