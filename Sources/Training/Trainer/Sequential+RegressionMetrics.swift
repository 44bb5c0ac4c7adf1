import Datasets
import Network
import Reporting
import Tensor

extension Sequential {
    /// MSE, MAE and R² of the model's predictions on a regression
    /// `dataset`, per output, in the targets' original units: when the
    /// dataset standardizes its targets (`t = (y - c) / s`), each output `o`
    /// is mapped back as `ŷ = c + s o` and compared with `y`. Sample weights
    /// weigh the sums (`RegressionMetrics`).
    ///
    /// Runs in inference mode in batches of `batchSize`, split over threads
    /// as ``evaluate(_:batchSize:threadBudget:)`` does.
    ///
    /// - Throws: ``TrainingError`` when the data does not fit the model
    ///   (``TrainingError/notRegressionData(role:)`` for class labels).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func regressionMetrics(
        _ dataset: Dataset<Scalar>, batchSize: Int = 1024, threadBudget: Int = BLAS.threadCount
    ) throws -> RegressionMetrics {
        try checkFits(dataset, role: "evaluation")
        let sums = try regressionSums(
            dataset, on: nil, batchSize: batchSize, threadBudget: threadBudget)
        return RegressionMetrics(sums)
    }

    /// The sums behind ``regressionMetrics(_:batchSize:threadBudget:)``, on
    /// the workers of `pass` or on a new set of them.
    func regressionSums(
        _ dataset: Dataset<Scalar>, on pass: ShardedPass<Scalar>?, batchSize: Int,
        threadBudget: Int
    ) throws -> RegressionSums {
        guard dataset.isRegression else {
            throw TrainingError.notRegressionData(role: "evaluation")
        }
        var sums = RegressionSums(outputCount: outputWidth)
        guard dataset.count > 0 else { return sums }
        func add(on pass: ShardedPass<Scalar>) throws {
            var predictions = Matrix<Scalar>(rows: pass.capacity, columns: outputWidth)
            var targets = Matrix<Scalar>(rows: pass.capacity, columns: outputWidth)
            var weights = [Scalar](repeating: 1, count: pass.capacity)
            let scale = dataset.targetStandardization
            try forEachInferenceBatch(of: dataset, on: pass, batchSize: batchSize) { positions, _ in
                let rows = positions.count
                predictions.withUnsafeMutableScalars { buffer in
                    pass.predictProbabilities(
                        self, count: rows,
                        into: MatrixView(buffer.baseAddress!, rows: rows, columns: outputWidth))
                }
                targets.withUnsafeMutableScalars {
                    dataset.gatherTargetValues(at: positions, into: $0.baseAddress!)
                }
                weights.withUnsafeMutableBufferPointer {
                    dataset.gatherSampleWeights(at: positions, into: $0.baseAddress!)
                }
                for i in 0..<rows {
                    let original = { (matrix: Matrix<Scalar>, j: Int) -> Double in
                        let t = Double(matrix[i, j])
                        guard let scale else { return t }
                        return Double(scale.means[j]) + Double(scale.standardDeviations[j]) * t
                    }
                    sums.add(
                        predictions: (0..<outputWidth).lazy.map { original(predictions, $0) },
                        targets: (0..<outputWidth).lazy.map { original(targets, $0) },
                        weight: Double(weights[i]))
                }
            }
        }
        if let pass {
            try add(on: pass)
        } else {
            try withInferencePass(
                rows: Swift.min(batchSize, dataset.count), threadBudget: threadBudget, add)
        }
        return sums
    }
}
