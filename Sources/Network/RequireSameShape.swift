import Tensor

/// Stops with a message naming every operand's shape unless they are all
/// equal: the element-wise entry points (``Dropout``, ``GaussianNoise``,
/// ``Softmax/backpropagate(output:gradient:)``) write through raw pointers,
/// so a mismatch must stop before it writes out of bounds, e.g.
/// `Dropout.forward: X is 4x3, A is 4x2 and the mask is 4x3; they must have the same shape`.
@inlinable
func requireSameShape<Scalar: BLASScalar>(
    _ function: String, _ operands: (String, MatrixView<Scalar>)...
) {
    let first = operands[0].1
    require(
        operands.allSatisfy { $0.1.rows == first.rows && $0.1.columns == first.columns },
        "\(function): "
            + operands.map { "\($0.0) is \($0.1.shapeDescription)" }.dropLast().joined(separator: ", ")
            + " and \(operands.last!.0) is \(operands.last!.1.shapeDescription); they must have the same shape")
}
