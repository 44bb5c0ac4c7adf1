import Datasets
import Network
import Tensor

// Inference of a model alone on a data set: what `Trainer.evaluate`,
// `predictClasses` and `predictProbabilities` run on the trainer's
// evaluation weights, and what a model read from a model-only file
// (`ModelCheckpoint`) runs as it is. Batches of `batchSize` samples go
// through a `ShardedPass` in inference mode, so only one batch of features
// is ever converted (docs/ARCHITECTURE.md, "Inference").

extension Sequential {
    /// The mean loss (with the regularization penalty) and the accuracy of
    /// the model on every sample of `dataset`, in inference mode.
    ///
    /// The samples go in order, in batches of `batchSize`, each split over
    /// the threads ``ThreadPlan/inference(rows:parameters:budget:)`` gives
    /// within `threadBudget`; the mean is summed batch by batch in order, so
    /// the result does not depend on the thread count beyond the rounding
    /// of each batch. ``Trainer/evaluate(_:)`` is this on the trainer's
    /// ``Trainer/evaluationModel``.
    ///
    /// - Returns: `(0, 0)` for an empty data set.
    /// - Throws: ``TrainingError/featureCountMismatch(role:found:expected:)``
    ///   or ``TrainingError/tooManyClasses(role:found:modelClasses:)`` when
    ///   the data does not fit the model, ``TrainingError/invalidData(_:)``
    ///   for a label out of range.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate(
        _ dataset: Dataset<Scalar>, batchSize: Int = 1024, threadBudget: Int = BLAS.threadCount
    ) throws -> (loss: Double, accuracy: Double) {
        try checkFits(dataset, role: "evaluation")
        let sums = try inferenceSums(
            dataset, on: nil, batchSize: batchSize, threadBudget: threadBudget)
        return Self.lossAndAccuracy(of: sums)
    }

    /// The predicted class of every sample of `dataset`, in order: the
    /// largest output, or for a single binary output, 1 when its logit is
    /// positive (as `Sequential.predictClasses(_:)` on a matrix),
    /// computed in batches as ``evaluate(_:batchSize:threadBudget:)`` does.
    ///
    /// - Returns: `dataset.count` classes in `0..<`
    ///   `Sequential.classCount`.
    /// - Throws: as ``evaluate(_:batchSize:threadBudget:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictClasses(
        _ dataset: Dataset<Scalar>, batchSize: Int = 1024, threadBudget: Int = BLAS.threadCount
    ) throws -> [Int] {
        try checkFits(dataset, role: "prediction")
        guard dataset.count > 0 else { return [] }
        var classes = [Int](repeating: 0, count: dataset.count)
        let rows = Swift.min(batchSize, dataset.count)
        try withInferencePass(rows: rows, threadBudget: threadBudget) { pass in
            try forEachInferenceBatch(of: dataset, on: pass, batchSize: batchSize) {
                positions, _ in
                classes.withUnsafeMutableBufferPointer { classes in
                    pass.predictClasses(
                        self, count: positions.count,
                        into: UnsafeMutableBufferPointer(rebasing: classes[positions.indices]))
                }
            }
        }
        return classes
    }

    /// The predictions for every sample of `dataset`, one row per sample in
    /// order: softmax probabilities for `Loss.softmaxCrossEntropy`,
    /// the sigmoid probability of class 1 for
    /// `Loss.binaryCrossEntropy`, the outputs themselves for the
    /// regression losses (as `Sequential.predictProbabilities(_:)`
    /// on a matrix), computed in batches as
    /// ``evaluate(_:batchSize:threadBudget:)`` does.
    ///
    /// - Returns: a `dataset.count x` `Sequential.outputWidth`
    ///   matrix.
    /// - Throws: as ``evaluate(_:batchSize:threadBudget:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictProbabilities(
        _ dataset: Dataset<Scalar>, batchSize: Int = 1024, threadBudget: Int = BLAS.threadCount
    ) throws -> Matrix<Scalar> {
        try checkFits(dataset, role: "prediction")
        var result = Matrix<Scalar>(rows: dataset.count, columns: outputWidth)
        guard dataset.count > 0 else { return result }
        let width = outputWidth
        let rows = Swift.min(batchSize, dataset.count)
        try withInferencePass(rows: rows, threadBudget: threadBudget) { pass in
            try forEachInferenceBatch(of: dataset, on: pass, batchSize: batchSize) {
                positions, _ in
                result.withUnsafeMutableScalars { buffer in
                    pass.predictProbabilities(
                        self, count: positions.count,
                        into: MatrixView(
                            buffer, offset: positions.startIndex * width, rows: positions.count,
                            columns: width))
                }
            }
        }
        return result
    }

    /// Throws when `dataset` cannot go through the model: its samples have
    /// another number of features than the model's inputs, or it has more
    /// classes than the model predicts. Data comes from files, so these are
    /// errors to report, not programmer errors (docs/ARCHITECTURE.md,
    /// principle 6); `role` names the set in the message.
    func checkFits(_ dataset: Dataset<Scalar>, role: String) throws(TrainingError) {
        guard dataset.featureCount == inputs else {
            throw .featureCountMismatch(role: role, found: dataset.featureCount, expected: inputs)
        }
        guard dataset.classCount <= classCount else {
            throw .tooManyClasses(role: role, found: dataset.classCount, modelClasses: classCount)
        }
        guard !dataset.isRegression || dataset.targetCount == outputWidth else {
            throw .targetCountMismatch(
                role: role, found: dataset.targetCount, expected: outputWidth)
        }
    }

    /// `[loss sum, correct predictions, samples]` over `dataset`, on the
    /// workers of `pass` or on new ones.
    func inferenceSums(
        _ dataset: Dataset<Scalar>, on pass: ShardedPass<Scalar>?, batchSize: Int,
        threadBudget: Int
    ) throws -> [Double] {
        guard dataset.count > 0 else { return [0, 0, 0, 0] }
        func sums(on pass: ShardedPass<Scalar>) throws -> [Double] {
            var (lossSum, correct, weight) = (0.0, 0, 0.0)
            try forEachInferenceBatch(of: dataset, on: pass, batchSize: batchSize) {
                positions, batch in
                lossSum += Double(batch.loss) * Double(pass.lastBatchWeight)
                weight += Double(pass.lastBatchWeight)
                correct += batch.correct
            }
            return [lossSum, Double(correct), Double(dataset.count), weight]
        }
        if let pass { return try sums(on: pass) }
        return try withInferencePass(
            rows: Swift.min(batchSize, dataset.count), threadBudget: threadBudget, sums)
    }

    /// Runs `body` on new workers for inference batches of `rows` samples,
    /// as many as ``ThreadPlan/inference(rows:parameters:budget:)`` gives
    /// within `threadBudget`, with OpenBLAS's thread count set to the plan's.
    /// The mean loss (weighted by the sample weights, if any) and the
    /// accuracy (the fraction of samples classified right; 0 for
    /// regression data) from ``inferenceSums(_:on:batchSize:threadBudget:)``'s
    /// `[loss sum, correct, samples, weight]`.
    static func lossAndAccuracy(of sums: [Double]) -> (loss: Double, accuracy: Double) {
        (sums[3] > 0 ? sums[0] / sums[3] : 0, sums[2] > 0 ? sums[1] / sums[2] : 0)
    }

    func withInferencePass<R>(
        rows: Int, threadBudget: Int, _ body: (ShardedPass<Scalar>) throws -> R
    ) rethrows -> R {
        let plan = ThreadPlan.inference(
            rows: rows, parameters: parameterCount, budget: threadBudget)
        let pass = ShardedPass(model: self, capacity: rows, workers: plan.shards)
        return try plan.withBLASThreads { try body(pass) }
    }

    /// Runs the model in inference mode on `dataset` in order, in batches
    /// of `batchSize` samples (at most `pass.capacity`), and hands `body`
    /// each batch's positions and its loss and correct count; the outputs
    /// are in `pass`'s workspaces until the next batch.
    func forEachInferenceBatch(
        of dataset: Dataset<Scalar>, on pass: ShardedPass<Scalar>, batchSize: Int,
        _ body: (ArraySlice<Int>, (loss: Scalar, correct: Int)) -> Void
    ) throws {
        require(batchSize > 0, "Sequential: evaluation batch size \(batchSize) must be positive")
        let batchSize = Swift.min(batchSize, pass.capacity)
        let order = Array(0..<dataset.count)
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            let positions = order[start..<Swift.min(start + batchSize, dataset.count)]
            do throws(NetworkError) {
                let batch = try parameters.withUnsafeBufferPointer {
                    parameters throws(NetworkError) in
                    try pass.run(
                        self, on: dataset, at: positions, parameters: parameters, seed: 0,
                        mode: .inference, computesGradient: false)
                }
                body(positions, batch)
            } catch {
                throw TrainingError.invalidData(error)
            }
        }
    }
}

extension ShardedPass {
    /// The predictions (`Sequential.predictProbabilities(ofLastPassIn:into:)`)
    /// of every sample of the last ``run(_:on:at:parameters:seed:mode:computesGradient:firstRow:onLayerGradient:)``
    /// of `count` samples, in order, into `output` (`count x`
    /// `Sequential.outputWidth`).
    @inlinable
    public func predictProbabilities(
        _ model: Sequential<Scalar>, count: Int, into output: MatrixView<Scalar>
    ) {
        require(
            output.rows == count && output.columns == model.outputWidth,
            "ShardedPass: \(count) predictions of \(model.outputWidth) outputs into a \(output.shapeDescription) matrix"
        )
        for (k, worker) in workers.enumerated() {
            let rows = ThreadPlan.shardRange(k, of: count, parts: workers.count)
            guard !rows.isEmpty else { continue }
            model.predictProbabilities(
                ofLastPassIn: worker.workspace,
                into: MatrixView(
                    output.baseAddress + rows.lowerBound * output.columns, rows: rows.count,
                    columns: output.columns))
        }
    }
}
