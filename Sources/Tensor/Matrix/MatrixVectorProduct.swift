/// The matrix-vector product `y = op(A) x` as a new array: one GEMV call
/// (`cblas_sgemv` / `cblas_dgemv`, through ``BLAS/gemv(_:_:alpha:beta:into:)``).
///
/// `op(A)` is `a` or `a.transposed` (`m x n`), `x` has `n` elements and the
/// result `m`, with `y_i = sum_j op(A)_ij x_j`. Stops with both shapes named
/// when `x.count` is not `n`.
///
/// ```swift
/// let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
/// let y = matmul(a, [1, 0, -1])               // [-2, -2]
/// let z = matmul(a.transposed, [1, 1])        // A^T x = [5, 7, 9], no transposed copy
/// ```
///
/// To reuse an output buffer, or to form `alpha op(A) x + beta y`, call
/// ``BLAS/gemv(_:_:alpha:beta:into:)`` directly.
///
/// Reference: J. J. Dongarra, J. Du Croz, S. Hammarling, R. J. Hanson, "An
/// extended set of FORTRAN Basic Linear Algebra Subprograms", *ACM TOMS*
/// 14(1), 1988 (`xGEMV`).
@inlinable
public func matmul<A: MatrixOperand>(_ a: A, _ x: [A.Scalar]) -> [A.Scalar] {
    var y = [A.Scalar](repeating: 0, count: a.operandRows)
    BLAS.gemv(a, x, into: &y)
    return y
}
