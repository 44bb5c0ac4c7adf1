extension BLAS {
    /// The rank-1 update `A = alpha * x * y^T + A` (`cblas_sger` /
    /// `cblas_dger`) of the `m x n` matrix `a`, where `x` has `m` elements
    /// and `y` has `n`. BFGS updates its inverse-Hessian approximation with
    /// two of these.
    @inlinable
    public static func ger<A: MutableRowMajorMatrix, X: ScalarBuffer, Y: ScalarBuffer>(
        _ alpha: A.Scalar, _ x: X, _ y: Y, into a: inout A
    ) where X.Scalar == A.Scalar, Y.Scalar == A.Scalar {
        require(
            x.count == a.rows && y.count == a.columns,
            "ger: A is \(a.shapeDescription) but x has \(x.count) elements and y has \(y.count)")
        guard a.rows > 0, a.columns > 0 else { return }
        let (rows, columns) = (a.rows, a.columns)
        x.withUnsafeScalars { xBuffer in
            y.withUnsafeScalars { yBuffer in
                a.withUnsafeMutableScalars { aBuffer in
                    A.Scalar.blasGER(
                        rows: rows, columns: columns, alpha: alpha, x: xBuffer.address,
                        y: yBuffer.address, a: aBuffer.address, lda: columns)
                }
            }
        }
    }
}
