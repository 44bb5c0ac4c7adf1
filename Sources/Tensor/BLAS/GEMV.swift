extension BLAS {
    /// Matrix-vector product `y = alpha * op(A) * x + beta * y`
    /// (`cblas_sgemv` / `cblas_dgemv`), where `op(A)` is `a` or
    /// `a.transposed`, `x` has `op(A).columns` elements and `y` has
    /// `op(A).rows`.
    @inlinable
    public static func gemv<A: MatrixOperand, X: ScalarBuffer, Y: MutableScalarBuffer>(
        _ a: A, _ x: X, alpha: Y.Scalar = 1, beta: Y.Scalar = 0, into y: inout Y
    ) where A.Scalar == Y.Scalar, X.Scalar == Y.Scalar {
        require(
            x.count == a.operandColumns,
            "gemv: op(A) is \(a.operandDescription) but x has \(x.count) elements")
        require(
            y.count == a.operandRows,
            "gemv: op(A) is \(a.operandDescription) but y has \(y.count) elements")
        guard y.count > 0 else { return }
        guard x.count > 0 else {
            scal(beta, &y)
            return
        }
        let storage = a.storage
        storage.withUnsafeScalars { aBuffer in
            x.withUnsafeScalars { xBuffer in
                y.withUnsafeMutableScalars { yBuffer in
                    Y.Scalar.blasGEMV(
                        transpose: a.isTransposed, rows: storage.rows, columns: storage.columns,
                        alpha: alpha, a: aBuffer.address, lda: storage.columns,
                        x: xBuffer.address, beta: beta, y: yBuffer.address)
                }
            }
        }
    }
}
