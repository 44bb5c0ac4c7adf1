#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

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
                    C.Scalar.gemm(
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

extension BLASScalar {
    /// `C = alpha * op(A) * op(B) + beta * C` by ``blasGEMM(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``,
    /// except that with `beta == 0` it clears `C` itself and then adds the
    /// product (`beta = 1`). The shapes and leading dimensions are
    /// `blasGEMM`'s.
    ///
    /// OpenBLAS computes a `beta = 0` product the same way, clearing `C`
    /// and then adding, so the result is the same to the bit; but its
    /// clearing loop stores one element at a time, which is several percent
    /// of a dense layer's weight-gradient product `dW = X^T dZ` (a
    /// `fan_in x fan_out` `C` from a batch of 128 rows). Here the clearing
    /// is `memset`.
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int
    ) {
        var beta = beta
        if beta == 0 && k > 0 && m > 0 && n > 0 {
            // memset itself: a generic fill is not always specialized in
            // the caller, and then copies one element at a time through
            // the type's value witnesses. Zero bytes are +0.
            let rowBytes = n * MemoryLayout<Self>.stride
            if ldc == n {
                memset(c, 0, m * rowBytes)
            } else {
                for row in 0..<m { memset(c + row * ldc, 0, rowBytes) }
            }
            beta = 1
        }
        blasGEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
