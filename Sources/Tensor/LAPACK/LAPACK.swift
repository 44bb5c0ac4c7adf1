/// Dense linear solves and decompositions through LAPACKE: Cholesky for
/// symmetric positive-definite systems (Newton steps), LU for general ones,
/// and the symmetric eigendecomposition (the curvature of a Hessian).
///
/// The inputs are left untouched (LAPACK works on copies). Shape mistakes
/// stop with a message; numerical failures throw ``LinearAlgebraError``.
public enum LAPACK {
    @inlinable
    static func checkSquare(_ a: some RowMajorMatrix, _ operation: StaticString) {
        require(
            a.rows == a.columns, "\(operation): A must be square but is \(a.shapeDescription)")
    }

    @inlinable
    static func checkRightHandSide(
        _ a: some RowMajorMatrix, _ b: some RowMajorMatrix, _ operation: StaticString
    ) {
        require(
            b.rows == a.rows,
            "\(operation): A is \(a.shapeDescription) but B is \(b.shapeDescription); B needs \(a.rows) rows"
        )
    }
}
