extension LAPACK {
    /// Solves `A X = B` for a general square `A` (`n x n`) and `B`
    /// (`n x nrhs`) by LU factorization with partial pivoting, `P A = L U`
    /// (`?gesv`).
    ///
    /// - Throws: ``LinearAlgebraError/singular(pivot:)`` when a pivot is
    ///   exactly zero. A nearly singular matrix is solved, inaccurately; check
    ///   the residual `||A x - b||` when that matters.
    @inlinable
    public static func luSolve<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        try gesv(a, b, "luSolve")
    }

    /// `?gesv` on copies of `a` and `b`, for ``luSolve(_:_:)``
    /// and ``solve(_:_:)``; `operation` names the caller in
    /// the shape messages.
    @inlinable
    static func gesv<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>,
        _ operation: StaticString
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        checkSquare(a, operation)
        checkRightHandSide(a, b, operation)
        var factors = Matrix(a)
        var solution = Matrix(b)
        let n = a.rows
        let nrhs = b.columns
        guard n > 0, nrhs > 0 else { return solution }
        var pivots = [Int32](repeating: 0, count: n)
        let info = factors.withUnsafeMutableScalars { aBuffer in
            solution.withUnsafeMutableScalars { bBuffer in
                pivots.withUnsafeMutableBufferPointer { pivotBuffer in
                    Scalar.lapackGESV(
                        n: n, nrhs: nrhs, a: aBuffer.address, pivots: pivotBuffer.address,
                        b: bBuffer.address)
                }
            }
        }
        require(info >= 0, "\(operation): LAPACK rejected argument \(-info)")
        if info > 0 { throw .singular(pivot: info) }
        return solution
    }

    /// Solves `A x = b` for a general square `A` and a vector `b`.
    @inlinable
    public static func luSolve<Scalar>(_ a: some RowMajorMatrix<Scalar>, _ b: [Scalar])
        throws(LinearAlgebraError) -> [Scalar]
    {
        try luSolve(a, Matrix(rows: b.count, columns: 1, elements: b)).elements
    }
}
