import Tensor

extension Sequential {
    /// The raw outputs of the last layer for `x` (`batch x outputs`) in
    /// inference mode: logits for the cross-entropies.
    ///
    /// Works on a temporary workspace of its own, so it can be called on a
    /// `let` model and from several threads at once.
    @inlinable
    public func outputs(for x: some RowMajorMatrix<Scalar>) -> Matrix<Scalar> {
        require(
            x.columns == inputs,
            "Sequential: the model takes \(inputs) inputs but the batch is \(x.shapeDescription)")
        checkParameterCount()
        let batch = x.rows
        let workspace = Workspace<Scalar>(
            widths: widths, dropsOut: widths.map { _ in false }, capacity: Swift.max(1, batch),
            parameterCount: 0)
        parameters.withUnsafeBufferPointer { p in
            x.withUnsafeScalars { xBuffer in
                forward(
                    MatrixView(readOnly: xBuffer, rows: batch, columns: inputs), parameters: p,
                    workspace: workspace, mode: .inference, randomness: BatchRandomness(seed: 0))
            }
        }
        return Matrix(workspace.output(layers.count - 1, batch: batch))
    }

    /// The predictions for `x`: softmax probabilities for
    /// ``Loss/softmaxCrossEntropy``, sigmoid probabilities for
    /// ``Loss/binaryCrossEntropy``, the outputs themselves otherwise.
    @inlinable
    public func predictProbabilities(_ x: some RowMajorMatrix<Scalar>) -> Matrix<Scalar> {
        var result = outputs(for: x)
        let (rows, columns) = (result.rows, result.columns)
        result.withUnsafeMutableScalars { buffer in
            lossFunction.outputActivation.apply(
                to: MatrixView(buffer, rows: rows, columns: columns))
        }
        return result
    }

    /// The predicted class of each sample: the largest output, or for a
    /// single binary output, 1 when its logit is positive.
    @inlinable
    public func predictClasses(_ x: some RowMajorMatrix<Scalar>) -> [Int] {
        let logits = outputs(for: x)
        if logits.columns == 1 && lossFunction == .binaryCrossEntropy {
            return logits.elements.map { $0 > 0 ? 1 : 0 }
        }
        return logits.rowArgmax()
    }

    /// The fraction of samples whose predicted class equals the label.
    @inlinable
    public func accuracy(_ x: some RowMajorMatrix<Scalar>, labels: some Collection<Int>) -> Double {
        let predicted = predictClasses(x)
        require(
            predicted.count == labels.count,
            "accuracy: \(predicted.count) samples but \(labels.count) labels")
        guard !predicted.isEmpty else { return 0 }
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(predicted.count)
    }

    /// A table of the layers, their output widths and parameter counts.
    public var summary: String {
        var rows = [("layer", "output", "parameters")]
        rows.append(("input", "\(inputs)", ""))
        for (index, layer) in layers.enumerated() {
            rows.append(
                (layer.name, "\(widths[index])", "\(denseLayers[index]?.parameterCount ?? 0)"))
        }
        let width0 = rows.map(\.0.count).max()!
        let width1 = rows.map(\.1.count).max()!
        var lines = rows.map { row in
            row.0 + String(repeating: " ", count: width0 - row.0.count) + "  "
                + String(repeating: " ", count: width1 - row.1.count) + row.1 + "  " + row.2
        }
        lines.append(
            "\(parameterCount) parameters (\(Scalar.self)), loss \(lossFunction.rawValue)"
                + (regularization == .none
                    ? "" : ", l1 \(regularization.l1), l2 \(regularization.l2)"))
        return lines.joined(separator: "\n")
    }
}
