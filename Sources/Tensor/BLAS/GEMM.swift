extension BLAS {
    /// General matrix product `C = alpha * op(A) * op(B) + beta * C`
    /// (`cblas_sgemm` / `cblas_dgemm`), written into the preallocated `c`.
    ///
    /// `op(A)` is `a` or `a.transposed` (the same storage with BLAS's
    /// transpose flag), so each product of a dense layer is one call:
    ///
    /// ```swift
    /// BLAS.gemm(X, W, into: &Z)                 // Z  = X W
    /// BLAS.gemm(X.transposed, dZ, into: &dW)    // dW = X^T dZ
    /// BLAS.gemm(dZ, W.transposed, into: &dX)    // dX = dZ W^T
    /// ```
    ///
    /// Shapes: `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`. With
    /// `beta == 0` the old contents of `C` are not read (NaN in them does not
    /// propagate). Allocates nothing when `c` owns its storage uniquely.
    @inlinable
    public static func gemm<A: MatrixOperand, B: MatrixOperand, C: MutableRowMajorMatrix>(
        _ a: A, _ b: B, alpha: C.Scalar = 1, beta: C.Scalar = 0, into c: inout C
    ) where A.Scalar == C.Scalar, B.Scalar == C.Scalar {
        let m = a.operandRows
        let k = a.operandColumns
        let n = b.operandColumns
        require(
            b.operandRows == k,
            "gemm: op(A) is \(a.operandDescription) and op(B) is \(b.operandDescription); the inner dimensions \(k) and \(b.operandRows) differ"
        )
        require(
            c.rows == m && c.columns == n,
            "gemm: op(A) op(B) is \(m)x\(n) (\(a.operandDescription) times \(b.operandDescription)) but C is \(c.shapeDescription)"
        )
        let lda = a.storage.columns
        let ldb = b.storage.columns
        a.storage.withUnsafeScalars { aBuffer in
            b.storage.withUnsafeScalars { bBuffer in
                c.withUnsafeMutableScalars { cBuffer in
                    C.Scalar.blasGEMM(
                        transposeA: a.isTransposed, transposeB: b.isTransposed,
                        m: m, n: n, k: k, alpha: alpha,
                        a: aBuffer.address, lda: Swift.max(lda, 1),
                        b: bBuffer.address, ldb: Swift.max(ldb, 1),
                        beta: beta, c: cBuffer.address, ldc: Swift.max(n, 1))
                }
            }
        }
    }
}

/// The product `op(A) op(B)` as a new matrix: one GEMM call.
///
/// ```swift
/// let c = matmul(a, b)               // A B
/// let g = matmul(a.transposed, a)    // A^T A, no transposed copy
/// ```
@inlinable
public func matmul<A: MatrixOperand, B: MatrixOperand>(_ a: A, _ b: B) -> Matrix<A.Scalar>
where A.Scalar == B.Scalar {
    var c = Matrix<A.Scalar>(rows: a.operandRows, columns: b.operandColumns)
    BLAS.gemm(a, b, into: &c)
    return c
}
