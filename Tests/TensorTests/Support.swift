import Tensor

/// Which implementation of a routine a test runs.
enum Kernel {
    case blas
    case reference
}

/// `C = alpha op(A) op(B) + beta C` through BLAS or the reference kernel,
/// with `op` chosen at run time: the stored shapes of `a` and `b` already
/// account for the flags.
func product<Scalar: BLASScalar>(
    _ kernel: Kernel, _ a: Matrix<Scalar>, transposeA: Bool, _ b: Matrix<Scalar>,
    transposeB: Bool, alpha: Scalar, beta: Scalar, into c: inout Matrix<Scalar>
) {
    func run(_ a: some MatrixOperand<Scalar>, _ b: some MatrixOperand<Scalar>) {
        switch kernel {
        case .blas: BLAS.gemm(a, b, alpha: alpha, beta: beta, into: &c)
        case .reference: Reference.gemm(a, b, alpha: alpha, beta: beta, into: &c)
        }
    }
    switch (transposeA, transposeB) {
    case (false, false): run(a, b)
    case (true, false): run(a.transposed, b)
    case (false, true): run(a, b.transposed)
    case (true, true): run(a.transposed, b.transposed)
    }
}

/// The rounding-error bound for one computed inner product of length `k`
/// (Higham, Accuracy and Stability of Numerical Algorithms, 3.1):
/// `|fl(x.y) - x.y| <= gamma_k |x|.|y|` with `gamma_k ~ k eps`. Two
/// implementations each within it differ by at most twice that; the `+ 2`
/// covers the alpha and beta scalings.
func innerProductTolerance<Scalar: BLASScalar>(
    length k: Int, magnitude: Scalar, as _: Scalar.Type = Scalar.self
) -> Scalar {
    2 * Scalar(k + 2) * Scalar.ulpOfOne * magnitude + Scalar.leastNormalMagnitude
}

extension Matrix {
    /// A reproducible random matrix with entries of order one.
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = Xoshiro256StarStar(seed: seed)
        return Matrix(randomNormalRows: rows, columns: columns, using: &generator)
    }

    /// A reproducible random symmetric positive-definite matrix
    /// `M^T M + n I`, well conditioned.
    static func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
        let m = Matrix.random(n, n, seed: seed)
        var a = matmul(m.transposed, m)
        for i in 0..<n { a[i, i] += Scalar(n) }
        return a
    }

    /// `|A|`, element-wise: the magnitudes that bound rounding errors.
    var magnitudes: Matrix { map { Swift.abs($0) } }
}

/// `||x||_inf`.
func maximumNorm<Scalar: BLASScalar>(_ x: some ScalarBuffer<Scalar>) -> Scalar {
    x.withUnsafeScalars { $0.reduce(0) { Swift.max($0, Swift.abs($1)) } }
}
