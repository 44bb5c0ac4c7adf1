import Tensor

/// A fully connected layer on a batch: `A = f(X W + 1 b^T)`.
///
/// `X` is `batch x inputs` (one sample per row), `W` is `inputs x outputs`,
/// `b` has `outputs` elements, and `1 b^T` adds `b` to every row. `W` and
/// `b` are views into the model's flat parameter buffer (`W` row-major at
/// ``parameterOffset``, `b` right after it), and their gradients are the
/// same slices of the flat gradient buffer.
///
/// The mini-batch backpropagation formulas (Rumelhart, Hinton and Williams,
/// Nature 1986; in matrix form, Goodfellow, Bengio and Courville, *Deep
/// Learning*, MIT Press 2016, section 6.5.7), each product one GEMM call on
/// the stored matrices (the transposes are BLAS flags, never copies):
///
/// ```
/// forward:   Z  = X W + 1 b^T       A  = f(Z)
/// backward:  dZ = dA * f'(Z)        dW = X^T dZ
///            db = 1^T dZ            dX = dZ W^T
/// ```
public struct Dense: Hashable, Sendable, Codable {
    /// The width of the input, rows of `W`.
    public let inputs: Int
    /// The width of the output, columns of `W`.
    public let outputs: Int
    /// `f`.
    public let activation: Activation
    /// Where `W` starts in the flat parameter (and gradient) buffer.
    public let parameterOffset: Int

    /// A layer whose parameters start at `parameterOffset`.
    public init(inputs: Int, outputs: Int, activation: Activation, parameterOffset: Int) {
        require(inputs > 0 && outputs > 0, "Dense: a \(inputs)x\(outputs) layer is empty")
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
        self.parameterOffset = parameterOffset
    }

    /// `inputs * outputs` weights plus `outputs` biases.
    public var parameterCount: Int { inputs * outputs + outputs }

    /// The positions of `W` in the flat buffer.
    public var weightRange: Range<Int> { parameterOffset..<(parameterOffset + inputs * outputs) }

    /// The positions of `b` in the flat buffer.
    public var biasRange: Range<Int> { weightRange.upperBound..<(parameterOffset + parameterCount) }

    /// The positions of rows `rows` of `W` in the flat buffer.
    @inlinable
    public func flatRange(ofWeightRows rows: Range<Int>) -> Range<Int> {
        (parameterOffset + rows.lowerBound * outputs)..<(parameterOffset + rows.upperBound * outputs)
    }

    /// The positions of entries `columns` of `b` in the flat buffer.
    @inlinable
    public func flatRange(ofBiases columns: Range<Int>) -> Range<Int> {
        (biasRange.lowerBound + columns.lowerBound)..<(biasRange.lowerBound + columns.upperBound)
    }

    /// `A = f(X W + 1 b^T)`, written into `A` (`batch x outputs`). `Z`
    /// starts as `1 b^T` and the GEMM adds `X W` to it (`beta = 1`), which
    /// spares OpenBLAS a pass that would zero `Z` first.
    @inlinable
    public func forward<Scalar: BLASScalar>(
        _ X: MatrixView<Scalar>, parameters: UnsafeBufferPointer<Scalar>, into A: MatrixView<Scalar>
    ) {
        var Z = A
        Z.fillRows(with: bias(parameters))  // Z = 1 b^T
        BLAS.gemm(X, weights(parameters), beta: 1, into: &Z)  // Z = X W + Z
        activation.apply(to: Z)  // A = f(Z)
    }

    /// Backpropagates `dA` through the layer: overwrites `dA` with
    /// `dZ = dA * f'(Z)`, writes `dW` and `db` into the layer's slice of
    /// `gradient`, and `dX` into `inputGradient` unless it is nil (the first
    /// layer needs no gradient with respect to the data).
    @inlinable
    public func backward<Scalar: BLASScalar>(
        input X: MatrixView<Scalar>, output A: MatrixView<Scalar>,
        outputGradient dA: MatrixView<Scalar>,
        parameters: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>,
        inputGradient dX: MatrixView<Scalar>?
    ) {
        let dZ = backpropagate(
            output: A, outputGradient: dA, parameters: parameters, inputGradient: dX)
        var dW = MatrixView(
            gradient, offset: weightRange.lowerBound, rows: inputs, columns: outputs)
        BLAS.gemm(X.transposed, dZ, into: &dW)  // dW = X^T dZ
        var db = MatrixView(gradient, offset: biasRange.lowerBound, rows: 1, columns: outputs)
        dZ.columnSums(into: &db)  // db = 1^T dZ
    }

    /// The part of ``backward(input:output:outputGradient:parameters:gradient:inputGradient:)``
    /// that the layers below need: overwrites `dA` with `dZ = dA * f'(Z)`
    /// and returns it, and writes `dX = dZ W^T` into `inputGradient` unless
    /// it is nil.
    @inlinable
    @discardableResult
    public func backpropagate<Scalar: BLASScalar>(
        output A: MatrixView<Scalar>, outputGradient dA: MatrixView<Scalar>,
        parameters: UnsafeBufferPointer<Scalar>, inputGradient dX: MatrixView<Scalar>?
    ) -> MatrixView<Scalar> {
        activation.backpropagate(output: A, gradient: dA)  // dZ = dA * f'(Z)
        let dZ = dA
        if var dX {
            BLAS.gemm(dZ, weights(parameters).transposed, into: &dX)  // dX = dZ W^T
        }
        return dZ
    }

    /// Rows `rows` of `dW` and entries `columns` of `db` from one shard of
    /// a batch whose shards were backpropagated separately
    /// (``backpropagate(output:outputGradient:parameters:inputGradient:)``):
    ///
    /// ```
    /// dW[rows, :] = s X[:, rows]^T dZ (+ dW[rows, :])
    /// db[columns] = s 1^T dZ[:, columns] (+ db[columns])
    /// ```
    ///
    /// adding to what is there when `accumulates`, so that summing the
    /// shards `k` with `s = W_k / W` gives the whole batch's gradient. Each
    /// worker of a data-parallel step forms its own rows this way, with one
    /// GEMM per shard (`X[:, rows]` read in place, leading dimension
    /// ``inputs``), so no worker writes a whole gradient and none is summed
    /// afterwards.
    @inlinable
    public func formGradient<Scalar: BLASScalar>(
        rows: Range<Int>, columns: Range<Int>, input X: MatrixView<Scalar>,
        outputGradient dZ: MatrixView<Scalar>, scale s: Scalar, accumulates: Bool,
        gradient: UnsafeMutableBufferPointer<Scalar>
    ) {
        require(
            X.columns == inputs && dZ.columns == outputs && X.rows == dZ.rows
                && rows.lowerBound >= 0 && rows.upperBound <= inputs
                && columns.lowerBound >= 0 && columns.upperBound <= outputs
                && gradient.count >= biasRange.upperBound,
            "Dense.formGradient: rows \(rows) and columns \(columns) of a \(inputs)x\(outputs) layer from X \(X.shapeDescription) and dZ \(dZ.shapeDescription)"
        )
        let dW = gradient.baseAddress! + flatRange(ofWeightRows: rows).lowerBound
        if !rows.isEmpty && X.rows > 0 {
            Scalar.gemm(
                transposeA: true, transposeB: false, m: rows.count, n: outputs, k: X.rows,
                alpha: s, a: X.baseAddress + rows.lowerBound, lda: inputs,
                b: dZ.baseAddress, ldb: outputs, beta: accumulates ? 1 : 0, c: dW, ldc: outputs)
        } else if !accumulates {
            dW.update(repeating: 0, count: rows.count * outputs)
        }
        guard !columns.isEmpty else { return }
        let db = gradient.baseAddress! + flatRange(ofBiases: columns).lowerBound
        if !accumulates { db.update(repeating: 0, count: columns.count) }
        for i in 0..<dZ.rows {
            Scalar.blasAXPY(
                count: columns.count, alpha: s,
                x: dZ.baseAddress + i * outputs + columns.lowerBound,
                y: db)
        }
    }

    /// `W`, a view into the parameter buffer.
    @inlinable
    public func weights<Scalar: BLASScalar>(_ parameters: UnsafeBufferPointer<Scalar>)
        -> MatrixView<Scalar>
    {
        MatrixView(readOnly: parameters, offset: parameterOffset, rows: inputs, columns: outputs)
    }

    /// `b`, a slice of the parameter buffer.
    @inlinable
    public func bias<Scalar: BLASScalar>(_ parameters: UnsafeBufferPointer<Scalar>)
        -> UnsafeBufferPointer<Scalar>
    {
        UnsafeBufferPointer(rebasing: parameters[biasRange])
    }
}
