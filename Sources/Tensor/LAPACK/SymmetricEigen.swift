/// The eigendecomposition `A = V diag(w) V^T` of a symmetric matrix.
public struct SymmetricEigendecomposition<Scalar: BLASScalar>: Sendable {
    /// The eigenvalues `w`, in ascending order.
    public var values: [Scalar]
    /// The orthonormal eigenvectors: column `j` belongs to `values[j]`.
    public var vectors: Matrix<Scalar>

    /// A decomposition from its parts.
    @inlinable
    public init(values: [Scalar], vectors: Matrix<Scalar>) {
        self.values = values
        self.vectors = vectors
    }
}

extension LAPACK {
    /// The eigenvalues and eigenvectors of a symmetric matrix (`?syevd`,
    /// divide and conquer). Only the upper triangle of `A` is read.
    ///
    /// A negative eigenvalue of a Hessian marks a direction of negative
    /// curvature: at a stationary point, a saddle.
    ///
    /// - Throws: ``LinearAlgebraError/eigenDecompositionDidNotConverge(info:)``.
    @inlinable
    public static func symmetricEigen<Scalar>(_ a: some RowMajorMatrix<Scalar>)
        throws(LinearAlgebraError) -> SymmetricEigendecomposition<Scalar>
    {
        checkSquare(a, "symmetricEigen")
        var vectors = Matrix(a)
        let n = a.rows
        var values = [Scalar](repeating: 0, count: n)
        guard n > 0 else { return SymmetricEigendecomposition(values: values, vectors: vectors) }
        let info = vectors.withUnsafeMutableScalars { aBuffer in
            values.withUnsafeMutableBufferPointer { wBuffer in
                Scalar.lapackSYEVD(n: n, a: aBuffer.address, w: wBuffer.address)
            }
        }
        require(info >= 0, "symmetricEigen: LAPACK rejected argument \(-info)")
        if info > 0 { throw .eigenDecompositionDidNotConverge(info: info) }
        return SymmetricEigendecomposition(values: values, vectors: vectors)
    }
}
