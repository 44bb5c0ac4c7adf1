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
    guard operands.contains(where: { $0.1.rows != first.rows || $0.1.columns != first.columns })
    else { return }
    let shapes = operands.map { "\($0.0) is \($0.1.rows)x\($0.1.columns)" }
    let listed = shapes.dropLast().joined(separator: ", ") + " and " + shapes.last!
    fatalError("\(function): \(listed); they must have the same shape")
}
