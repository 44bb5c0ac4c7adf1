/// Why a LAPACK factorization or solve could not complete. These are
/// properties of the data (a Hessian that is not positive definite, as at a
/// saddle point, is not a bug), so they are thrown, not trapped.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky failed: the leading minor of this order (1-based) is not
    /// positive definite (`?potrf` / `?posv` returned `info > 0`).
    case notPositiveDefinite(leadingMinor: Int)
    /// LU found an exactly zero pivot `U[i, i]` at this 1-based index: the
    /// matrix is singular (`?gesv` returned `info > 0`).
    case singular(pivot: Int)
    /// The symmetric eigensolver did not converge (`?syevd` returned
    /// `info > 0`).
    case eigenDecompositionDidNotConverge(info: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let order):
            "the matrix is not positive definite (leading minor of order \(order))"
        case .singular(let pivot):
            "the matrix is singular (zero pivot U[\(pivot), \(pivot)] in its LU factorization)"
        case .eigenDecompositionDidNotConverge(let info):
            "the symmetric eigendecomposition did not converge (info \(info))"
        }
    }
}
