import RealModule

extension Reference {
    /// The lower-triangular `L` with `A = L L^T`, by the Cholesky-Banachiewicz
    /// recurrence `L[i, j] = (A[i, j] - sum_{p<j} L[i, p] L[j, p]) / L[j, j]`,
    /// `L[j, j] = sqrt(A[j, j] - sum_{p<j} L[j, p]^2)`. Reads the lower
    /// triangle of `A`.
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(leadingMinor:)``
    ///   when a diagonal radicand is not positive.
    @inlinable
    public static func cholesky<Scalar>(_ a: some RowMajorMatrix<Scalar>)
        throws(LinearAlgebraError) -> Matrix<Scalar>
    {
        require(a.rows == a.columns, "Reference.cholesky: A is \(a.shapeDescription)")
        let n = a.rows
        var l = Matrix<Scalar>(rows: n, columns: n)
        for j in 0..<n {
            var diagonal = a.element(j, j)
            for p in 0..<j { diagonal -= l[j, p] * l[j, p] }
            guard diagonal > 0 else { throw .notPositiveDefinite(leadingMinor: j + 1) }
            l[j, j] = Scalar.sqrt(diagonal)
            for i in (j + 1)..<Swift.max(j + 1, n) {
                var sum = a.element(i, j)
                for p in 0..<j { sum -= l[i, p] * l[j, p] }
                l[i, j] = sum / l[j, j]
            }
        }
        return l
    }

    /// Solves `A X = B` for a symmetric positive-definite `A`: `L L^T = A`,
    /// then forward substitution `L Y = B` and back substitution `L^T X = Y`.
    @inlinable
    public static func choleskySolve<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        require(
            b.rows == a.rows,
            "Reference.choleskySolve: A is \(a.shapeDescription), B is \(b.shapeDescription)")
        let l = try cholesky(a)
        let n = a.rows
        var x = Matrix(b)
        for column in 0..<b.columns {
            for i in 0..<n {
                var sum = x[i, column]
                for p in 0..<i { sum -= l[i, p] * x[p, column] }
                x[i, column] = sum / l[i, i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = x[i, column]
                for p in (i + 1)..<Swift.max(i + 1, n) { sum -= l[p, i] * x[p, column] }
                x[i, column] = sum / l[i, i]
            }
        }
        return x
    }

    /// Solves `A X = B` for a general square `A` by Gaussian elimination with
    /// partial pivoting (the largest `|A[i, k]|` of column `k` becomes the
    /// pivot), then back substitution.
    ///
    /// - Throws: ``LinearAlgebraError/singular(pivot:)`` when a whole pivot
    ///   column is exactly zero.
    @inlinable
    public static func luSolve<Scalar>(
        _ a: some RowMajorMatrix<Scalar>, _ b: some RowMajorMatrix<Scalar>
    ) throws(LinearAlgebraError) -> Matrix<Scalar> {
        require(
            a.rows == a.columns && b.rows == a.rows,
            "Reference.luSolve: A is \(a.shapeDescription), B is \(b.shapeDescription)")
        let n = a.rows
        var u = Matrix(a)
        var x = Matrix(b)
        for k in 0..<n {
            var pivotRow = k
            for i in k..<n where Swift.abs(u[i, k]) > Swift.abs(u[pivotRow, k]) { pivotRow = i }
            guard u[pivotRow, k] != 0 else { throw .singular(pivot: k + 1) }
            if pivotRow != k {
                for j in 0..<n { (u[k, j], u[pivotRow, j]) = (u[pivotRow, j], u[k, j]) }
                for j in 0..<x.columns { (x[k, j], x[pivotRow, j]) = (x[pivotRow, j], x[k, j]) }
            }
            for i in (k + 1)..<Swift.max(k + 1, n) {
                let factor = u[i, k] / u[k, k]
                for j in k..<n { u[i, j] -= factor * u[k, j] }
                for j in 0..<x.columns { x[i, j] -= factor * x[k, j] }
            }
        }
        for column in 0..<x.columns {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = x[i, column]
                for j in (i + 1)..<Swift.max(i + 1, n) { sum -= u[i, j] * x[j, column] }
                x[i, column] = sum / u[i, i]
            }
        }
        return x
    }

    /// The eigendecomposition of a symmetric matrix by the cyclic Jacobi
    /// method: plane rotations `J^T A J` zero one off-diagonal element at a
    /// time until the off-diagonal mass is below `n^2 eps^2 ||A||_F^2`
    /// (Golub & Van Loan, Matrix Computations, section 8.5). Eigenvalues
    /// ascending, eigenvectors in the columns.
    ///
    /// - Throws: ``LinearAlgebraError/eigenDecompositionDidNotConverge(info:)``
    ///   after 100 sweeps (never seen for symmetric input).
    @inlinable
    public static func symmetricEigen<Scalar>(_ a: some RowMajorMatrix<Scalar>)
        throws(LinearAlgebraError) -> SymmetricEigendecomposition<Scalar>
    {
        require(a.rows == a.columns, "Reference.symmetricEigen: A is \(a.shapeDescription)")
        let n = a.rows
        var d = Matrix(a)
        var v = Matrix<Scalar>(identity: n)
        let frobeniusSquared = d.elements.reduce(0) { $0 + $1 * $1 }
        let tolerance = Scalar(n * n) * Scalar.ulpOfOne * Scalar.ulpOfOne * frobeniusSquared
        var converged = false
        for _ in 0..<100 {
            var offDiagonal: Scalar = 0
            for p in 0..<n {
                for q in 0..<n where q != p { offDiagonal += d[p, q] * d[p, q] }
            }
            if offDiagonal <= tolerance {
                converged = true
                break
            }
            for p in 0..<n {
                for q in (p + 1)..<Swift.max(p + 1, n) where d[p, q] != 0 {
                    // The rotation angle that zeroes d[p, q]: tan(theta) = t.
                    let theta = (d[q, q] - d[p, p]) / (2 * d[p, q])
                    let sign: Scalar = theta >= 0 ? 1 : -1
                    let t = sign / (Swift.abs(theta) + Scalar.sqrt(theta * theta + 1))
                    let c = 1 / Scalar.sqrt(t * t + 1)
                    let s = t * c
                    for k in 0..<n {
                        let dkp = d[k, p]
                        let dkq = d[k, q]
                        d[k, p] = c * dkp - s * dkq
                        d[k, q] = s * dkp + c * dkq
                    }
                    for k in 0..<n {
                        let dpk = d[p, k]
                        let dqk = d[q, k]
                        d[p, k] = c * dpk - s * dqk
                        d[q, k] = s * dpk + c * dqk
                    }
                    for k in 0..<n {
                        let vkp = v[k, p]
                        let vkq = v[k, q]
                        v[k, p] = c * vkp - s * vkq
                        v[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        guard converged || n == 0 else { throw .eigenDecompositionDidNotConverge(info: 100) }
        let order = (0..<n).sorted { d[$0, $0] < d[$1, $1] }
        let values = order.map { d[$0, $0] }
        let vectors = Matrix<Scalar>(rows: n, columns: n) { v[$0, order[$1]] }
        return SymmetricEigendecomposition(values: values, vectors: vectors)
    }
}
