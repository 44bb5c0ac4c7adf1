import Tensor
import Testing

/// LAPACK solves are checked by their residual `||A x - b||` relative to
/// `||A|| ||x||` (backward stability), the eigendecomposition by
/// `||A V - V diag(w)||` and `||V^T V - I||`, and all against the reference
/// kernels.
@Suite("LAPACK")
struct LAPACKTests {
    static let sizes = [1, 2, 5, 17, 64]

    @Test("Cholesky solve of an SPD system", arguments: sizes)
    func choleskySolve(n: Int) throws {
        try checkCholesky(Float.self, n)
        try checkCholesky(Double.self, n)
    }

    func checkCholesky<Scalar: BLASScalar>(_: Scalar.Type, _ n: Int) throws {
        let a = Matrix<Scalar>.randomSPD(n, seed: 31)
        let b = Matrix<Scalar>.random(n, 3, seed: 32)
        let x = try LAPACK.choleskySolve(a, b)
        #expect(relativeResidual(a, x, b) < 10 * Scalar(n) * Scalar.ulpOfOne)
        let reference = try Reference.choleskySolve(a, b)
        #expect(x.maximumAbsoluteDifference(reference) < 1e3 * Scalar.ulpOfOne * maximumNorm(x))

        let l = try LAPACK.cholesky(a)
        #expect(
            matmul(l, l.transposed).maximumAbsoluteDifference(a) < 10 * Scalar(n) * Scalar.ulpOfOne
                * maximumNorm(a))
        #expect(
            l.maximumAbsoluteDifference(try Reference.cholesky(a)) < 1e3 * Scalar.ulpOfOne
                * maximumNorm(l))
    }

    @Test("LU solve of a general system", arguments: sizes)
    func luSolve(n: Int) throws {
        try checkLU(Float.self, n)
        try checkLU(Double.self, n)
    }

    func checkLU<Scalar: BLASScalar>(_: Scalar.Type, _ n: Int) throws {
        var a = Matrix<Scalar>.random(n, n, seed: 33)
        for i in 0..<n { a[i, i] += Scalar(n).squareRoot() }  // keep the condition number modest
        let b = Matrix<Scalar>.random(n, 2, seed: 34)
        let x = try LAPACK.luSolve(a, b)
        #expect(relativeResidual(a, x, b) < 10 * Scalar(n) * Scalar.ulpOfOne)
        let reference = try Reference.luSolve(a, b)
        #expect(relativeResidual(a, reference, b) < 10 * Scalar(n) * Scalar.ulpOfOne)
        #expect(x.maximumAbsoluteDifference(reference) < 1e4 * Scalar.ulpOfOne * maximumNorm(x))
    }

    @Test("vector right-hand sides")
    func vectorSolves() throws {
        let a = Matrix<Double>([[4, 1], [1, 3]])
        let x = try LAPACK.choleskySolve(a, [1, 2])
        #expect(x.maximumAbsoluteDifference([1.0 / 11, 7.0 / 11]) < 1e-15)
        let y = try LAPACK.luSolve(Matrix<Double>([[0, 2], [3, 0]]), [4, 9])
        #expect(y.maximumAbsoluteDifference([3, 2]) < 1e-15)
    }

    @Test("symmetric eigendecomposition", arguments: sizes)
    func symmetricEigen(n: Int) throws {
        try checkEigen(Float.self, n)
        try checkEigen(Double.self, n)
    }

    func checkEigen<Scalar: BLASScalar>(_: Scalar.Type, _ n: Int) throws {
        let m = Matrix<Scalar>.random(n, n, seed: 35)
        var a = m
        a.apply(m.transposedCopy()) { ($0 + $1) / 2 }  // symmetric, indefinite
        let eigen = try LAPACK.symmetricEigen(a)
        let v = eigen.vectors
        let scale = maximumNorm(a) * Scalar(n)
        var vw = v
        for i in 0..<n { for j in 0..<n { vw[i, j] *= eigen.values[j] } }
        #expect(matmul(a, v).maximumAbsoluteDifference(vw) < 50 * Scalar.ulpOfOne * scale)
        #expect(
            matmul(v.transposed, v).maximumAbsoluteDifference(Matrix(identity: n)) < 50 * Scalar(n)
                * Scalar.ulpOfOne)
        #expect(eigen.values == eigen.values.sorted())
        let reference = try Reference.symmetricEigen(a)
        #expect(
            eigen.values.maximumAbsoluteDifference(reference.values) < 50 * Scalar.ulpOfOne * scale)
    }

    @Test("the saddle x^2 - y^2 has one negative eigenvalue")
    func saddle() throws {
        let hessian = Matrix<Double>([[2, 0], [0, -2]])
        let eigen = try LAPACK.symmetricEigen(hessian)
        #expect(eigen.values == [-2, 2])
        #expect(Swift.abs(eigen.vectors[1, 0]) == 1)  // the negative curvature is along y
    }

    @Test("a matrix that is not positive definite is reported, not trapped")
    func notPositiveDefinite() {
        let indefinite = Matrix<Double>([[1, 2], [2, 1]])  // eigenvalues 3 and -1
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) {
            try LAPACK.choleskySolve(indefinite, [1, 1])
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) {
            try LAPACK.cholesky(indefinite)
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) {
            try Reference.cholesky(indefinite)
        }
        let negative = Matrix<Float>([[-1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 1)) {
            try LAPACK.choleskySolve(negative, [1])
        }
    }

    @Test("a singular matrix is reported, not trapped")
    func singular() {
        let singular = Matrix<Double>([[1, 2, 3], [2, 4, 6], [0, 0, 0]])
        #expect(throws: LinearAlgebraError.self) { try LAPACK.luSolve(singular, [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try LAPACK.luSolve(Matrix<Float>([[1, 1], [1, 1]]), [1, 1])
        }
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try Reference.luSolve(Matrix<Float>([[1, 1], [1, 1]]), Matrix<Float>([[1], [1]]))
        }
        #expect(
            LinearAlgebraError.singular(pivot: 2).description
                == "the matrix is singular (zero pivot U[2, 2] in its LU factorization)")
    }

    @Test("a non-square matrix stops with its shape named")
    func nonSquareStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = try? LAPACK.luSolve(Matrix<Double>(rows: 2, columns: 3), [1, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("luSolve: A must be square but is 2x3"))
    }

    /// `||A x - b||_inf / (||A||_inf ||x||_inf + ||b||_inf)`.
    func relativeResidual<Scalar: BLASScalar>(
        _ a: Matrix<Scalar>, _ x: Matrix<Scalar>, _ b: Matrix<Scalar>
    ) -> Scalar {
        var residual = b
        BLAS.gemm(a, x, alpha: 1, beta: -1, into: &residual)
        let rowNorm = a.magnitudes.rowSums().max() ?? 0
        return maximumNorm(residual) / (rowNorm * maximumNorm(x) + maximumNorm(b))
    }
}
