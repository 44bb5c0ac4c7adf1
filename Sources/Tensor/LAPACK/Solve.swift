extension LAPACK {
    /// Solves the square system `A X = B`: `A` is `n x n` and nonsingular,
    /// `B` is `n x nrhs`, and the result `X` is `n x nrhs`.
    ///
    /// The general-purpose name, as in `numpy.linalg.solve` and
    /// `scipy.linalg.solve`: LU factorization with partial pivoting,
    /// `P A = L U`, then two triangular solves, in one LAPACK call (`sgesv` /
    /// `dgesv`), exactly as ``luSolve(_:_:)->Matrix<Scalar>``. For a
    /// symmetric positive-definite `A`, ``choleskySolve(_:_:)->Matrix<Scalar>``
    /// takes half the work. `A` and `B` are left untouched.
    ///
    /// ```swift
    /// let x = try LAPACK.solve(Matrix<Double>([[2, 1], [1, 3]]), [3, 5])  // [0.8, 1.4]
    /// ```
    ///
    /// Stops when `A` is not square or `B` has not `n` rows.
    ///
    /// - Throws: ``LinearAlgebraError/singular(pivot:)`` when a pivot of `U`
    ///   is exactly zero. A nearly singular `A` is solved, inaccurately;
    ///   check the residual `||A x - b||` when that matters.
    ///
    /// References:
    /// - E. Anderson et al., *LAPACK Users' Guide*, 3rd ed., SIAM 1999, the
    ///   driver `xGESV`.
    /// - G. H. Golub, C. F. Van Loan, *Matrix Computations*, 4th ed., Johns
    ///   Hopkins 2013, sections 3.2 (LU) and 3.4 (partial pivoting).
    @inlinable
    public static func solve<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        try gesv(a, b, "solve")
    }

    /// Solves the square system `A x = b` for a vector `b` of `n` elements
    /// (`A` is `n x n`): the one-column case of
    /// ``solve(_:_:)``, with the same LU factorization
    /// (`?gesv`) and the same errors.
    @inlinable
    public static func solve<Scalar>(_ a: some RowMajorMatrix<Scalar>, _ b: [Scalar])
        throws(LinearAlgebraError) -> [Scalar]
    {
        try gesv(a, Matrix(rows: b.count, columns: 1, elements: b), "solve").elements
    }
}
