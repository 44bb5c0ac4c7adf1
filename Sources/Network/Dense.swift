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
        activation.backpropagate(output: A, gradient: dA)  // dZ = dA * f'(Z)
        let dZ = dA
        var dW = MatrixView(
            gradient, offset: weightRange.lowerBound, rows: inputs, columns: outputs)
        BLAS.gemm(X.transposed, dZ, into: &dW)  // dW = X^T dZ
        var db = MatrixView(gradient, offset: biasRange.lowerBound, rows: 1, columns: outputs)
        dZ.columnSums(into: &db)  // db = 1^T dZ
        if var dX {
            BLAS.gemm(dZ, weights(parameters).transposed, into: &dX)  // dX = dZ W^T
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
