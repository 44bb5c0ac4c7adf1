extension LAPACK {
    /// Solves `A X = B` for a symmetric positive-definite `A` (`n x n`) and
    /// `B` (`n x nrhs`) by the Cholesky factorization `A = U^T U` (`?posv`).
    /// Only the upper triangle of `A` is read.
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(leadingMinor:)``.
    @inlinable
    public static func choleskySolve<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        checkSquare(a, "choleskySolve")
        checkRightHandSide(a, b, "choleskySolve")
        var factor = Matrix(a)
        var solution = Matrix(b)
        let n = a.rows
        let nrhs = b.columns
        guard n > 0, nrhs > 0 else { return solution }
        let info = factor.withUnsafeMutableScalars { aBuffer in
            solution.withUnsafeMutableScalars { bBuffer in
                Scalar.lapackPOSV(n: n, nrhs: nrhs, a: aBuffer.address, b: bBuffer.address)
            }
        }
        require(info >= 0, "choleskySolve: LAPACK rejected argument \(-info)")
        if info > 0 { throw .notPositiveDefinite(leadingMinor: info) }
        return solution
    }

    /// Solves `A x = b` for a symmetric positive-definite `A` and a vector
    /// `b` (the Newton step `H p = -g`).
    @inlinable
    public static func choleskySolve<Scalar>(_ a: some RowMajorMatrix<Scalar>, _ b: [Scalar])
        throws(LinearAlgebraError) -> [Scalar]
    {
        try choleskySolve(a, Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// The lower-triangular `L` with `A = L L^T` for a symmetric
    /// positive-definite `A` (`?potrf`); the strict upper triangle of the
    /// result is zero. Only the lower triangle of `A` is read.
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(leadingMinor:)``.
    @inlinable
    public static func cholesky<Scalar>(_ a: some RowMajorMatrix<Scalar>)
        throws(LinearAlgebraError) -> Matrix<Scalar>
    {
        checkSquare(a, "cholesky")
        var factor = Matrix(a)
        let n = a.rows
        guard n > 0 else { return factor }
        let info = factor.withUnsafeMutableScalars { Scalar.lapackPOTRF(n: n, a: $0.address) }
        require(info >= 0, "cholesky: LAPACK rejected argument \(-info)")
        if info > 0 { throw .notPositiveDefinite(leadingMinor: info) }
        for i in 0..<n {
            for j in (i + 1)..<Swift.max(i + 1, n) { factor[i, j] = 0 }
        }
        return factor
    }
}
