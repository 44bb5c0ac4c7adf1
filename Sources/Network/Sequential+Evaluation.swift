import Tensor

extension Sequential {
    /// How many samples of the last pass (``lossAndGradient(_:_:sampleWeights:mode:)``
    /// or ``loss(_:_:sampleWeights:mode:)``) the model classified as
    /// `labels` says: the largest output, or for a single binary output a
    /// positive logit. Reads the outputs the pass left in the workspace, so
    /// training accuracy costs no second forward pass.
    @inlinable
    public func correctPredictionsOfLastPass(labels: some Collection<Int>) -> Int {
        correctPredictions(ofLastPassIn: workspace, labels: labels)
    }

    /// How many samples of the last pass that wrote `workspace` the model
    /// classified as `labels` says (see ``correctPredictionsOfLastPass(labels:)``).
    @inlinable
    public func correctPredictions(
        ofLastPassIn workspace: Workspace<Scalar>, labels: some Collection<Int>
    ) -> Int {
        let batch = workspace.lastBatch
        precondition(
            labels.count == batch,
            "correctPredictionsOfLastPass: the last pass had \(batch) samples but there are \(labels.count) labels"
        )
        let logits = workspace.output(layers.count - 1, batch: batch)
        let binary = logits.columns == 1 && lossFunction == .binaryCrossEntropy
        var correct = 0
        for (i, label) in labels.enumerated() {
            let row = logits.baseAddress + i * logits.columns
            var predicted = 0
            if binary {
                predicted = row[0] > 0 ? 1 : 0
            } else {
                for j in 1..<logits.columns where row[j] > row[predicted] { predicted = j }
            }
            if predicted == label { correct += 1 }
        }
        return correct
    }

    /// The mean loss (with the regularization penalty) and the accuracy of
    /// the model on `x` with class `labels`, in inference mode, `batchSize`
    /// samples at a time.
    @inlinable
    public mutating func evaluate(
        _ x: Matrix<Scalar>, labels: [Int], batchSize: Int = 1024
    ) throws(NetworkError) -> (loss: Double, accuracy: Double) {
        precondition(batchSize > 0, "evaluate: batch size \(batchSize)")
        precondition(
            x.rows == labels.count, "evaluate: \(x.rows) samples but \(labels.count) labels")
        guard x.rows > 0 else { return (0, 0) }
        var totalLoss = 0.0
        var correct = 0
        for start in stride(from: 0, to: x.rows, by: batchSize) {
            let range = start..<Swift.min(start + batchSize, x.rows)
            let batchLoss = try loss(x.rows(range), Targets(labels: labels[range]))
            totalLoss += Double(batchLoss) * Double(range.count)
            correct += correctPredictionsOfLastPass(labels: labels[range])
        }
        return (totalLoss / Double(x.rows), Double(correct) / Double(x.rows))
    }
}
