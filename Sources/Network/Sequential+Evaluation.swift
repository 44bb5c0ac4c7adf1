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
        require(
            labels.count == batch,
            "correctPredictionsOfLastPass: the last pass had \(batch) samples but there are \(labels.count) labels"
        )
        var correct = 0
        for (i, label) in labels.enumerated()
        where predictedClass(ofSample: i, inLastPassIn: workspace) == label {
            correct += 1
        }
        return correct
    }

    /// The predicted class of every sample of the last pass that wrote
    /// `workspace`, written into `classes` (at least that many elements).
    @inlinable
    public func predictClasses(
        ofLastPassIn workspace: Workspace<Scalar>, into classes: UnsafeMutableBufferPointer<Int>
    ) {
        let batch = workspace.lastBatch
        require(
            classes.count >= batch,
            "predictClasses: the last pass had \(batch) samples but there is room for \(classes.count)"
        )
        for i in 0..<batch { classes[i] = predictedClass(ofSample: i, inLastPassIn: workspace) }
    }

    /// The predictions of every sample of the last pass that wrote
    /// `workspace`, written into `output` (`batch x` ``outputWidth``, one
    /// row per sample of the pass): softmax probabilities for
    /// ``Loss/softmaxCrossEntropy``, sigmoid probabilities for
    /// ``Loss/binaryCrossEntropy``, the outputs themselves otherwise, as
    /// ``predictProbabilities(_:)`` gives them.
    @inlinable
    public func predictProbabilities(
        ofLastPassIn workspace: Workspace<Scalar>, into output: MatrixView<Scalar>
    ) {
        let batch = workspace.lastBatch
        require(
            output.rows == batch && output.columns == outputWidth,
            "predictProbabilities: the last pass had \(batch) samples of \(outputWidth) outputs but the output is \(output.shapeDescription)"
        )
        var output = output
        BLAS.copy(workspace.output(layers.count - 1, batch: batch), &output)
        lossFunction.outputActivation.apply(to: output)
    }

    /// Sample `i`'s class from the logits of the last pass: the largest
    /// output, or for a single binary output, 1 when its logit is positive.
    @inlinable
    func predictedClass(ofSample i: Int, inLastPassIn workspace: Workspace<Scalar>) -> Int {
        let logits = workspace.output(layers.count - 1, batch: workspace.lastBatch)
        let row = logits.baseAddress + i * logits.columns
        if logits.columns == 1 && lossFunction == .binaryCrossEntropy { return row[0] > 0 ? 1 : 0 }
        var predicted = 0
        for j in 1..<logits.columns where row[j] > row[predicted] { predicted = j }
        return predicted
    }

    /// The mean loss (with the regularization penalty) and the accuracy of
    /// the model on `x` (`samples x inputs`) with class `labels` (one per
    /// row), in inference mode, `batchSize` samples at a time.
    ///
    /// Works on a temporary workspace of its own (at most `batchSize x`
    /// the widest layer), like ``outputs(for:)``, so it can be called on a
    /// `let` model and from several threads at once; the model's own
    /// workspace and ``gradient`` are left as they were.
    ///
    /// - Throws: ``NetworkError`` for a label out of range.
    @inlinable
    public func evaluate(
        _ x: Matrix<Scalar>, labels: [Int], batchSize: Int = 1024
    ) throws(NetworkError) -> (loss: Double, accuracy: Double) {
        require(batchSize > 0, "evaluate: batch size \(batchSize)")
        require(
            x.rows == labels.count, "evaluate: \(x.rows) samples but \(labels.count) labels")
        guard x.rows > 0 else { return (0, 0) }
        checkParameterCount()
        let workspace = Workspace<Scalar>(
            widths: widths, dropsOut: widths.map { _ in false },
            capacity: Swift.min(batchSize, x.rows), parameterCount: 0)
        var totalLoss = 0.0
        var correct = 0
        try parameters.withUnsafeBufferPointer { p throws(NetworkError) in
            for start in stride(from: 0, to: x.rows, by: batchSize) {
                let range = start..<Swift.min(start + batchSize, x.rows)
                let batch = x.rows(range)
                let targets = Targets<Scalar>(labels: labels[range])
                try check(batch, targets, nil)
                let batchLoss = forwardBackward(
                    batch, targets, sampleWeights: nil, mode: .inference,
                    randomness: BatchRandomness(seed: 0), parameters: p, gradient: nil,
                    workspace: workspace)
                totalLoss += Double(batchLoss) * Double(range.count)
                correct += correctPredictions(ofLastPassIn: workspace, labels: labels[range])
            }
        }
        return (totalLoss / Double(x.rows), Double(correct) / Double(x.rows))
    }
}
