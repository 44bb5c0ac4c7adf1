import RealModule

/// A floating-point type with BLAS and LAPACK routines: `Float` maps to the
/// `s` routines (`cblas_sgemm`, `LAPACKE_sposv`, ...), `Double` to the `d`
/// routines.
///
/// Every generic algorithm in Perceptron is written once against this
/// protocol and specialized for both precisions by the compiler, so nothing
/// on a hot path goes through a witness table. The requirements are the
/// pointer-level routines themselves; the shape-checked, type-safe entry
/// points are ``BLAS`` and ``LAPACK``.
///
/// All matrices are row-major; a leading dimension is the distance in
/// elements between two consecutive rows.
public protocol BLASScalar: Real, BinaryFloatingPoint, SIMDScalar, Codable, Sendable, TensorValue
where RawSignificand: FixedWidthInteger, TensorScalar == Self {
    /// `C = alpha * op(A) * op(B) + beta * C` (`?gemm`), where `op(A)` is
    /// `m x k`, `op(B)` is `k x n` and `C` is `m x n`.
    static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `y = alpha * op(A) * x + beta * y` (`?gemv`) for the `rows x columns`
    /// matrix `A`.
    static func blasGEMV(
        transpose: Bool, rows: Int, columns: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// The rank-1 update `A = alpha * x * y^T + A` (`?ger`) of the
    /// `rows x columns` matrix `A`, with `x` of `rows` and `y` of `columns`
    /// contiguous elements.
    static func blasGER(
        rows: Int, columns: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
        a: UnsafeMutablePointer<Self>, lda: Int)

    /// `y = alpha * x + y` (`?axpy`) on `count` contiguous elements.
    static func blasAXPY(
        count: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)

    /// `x . y` (`?dot`) on `count` contiguous elements.
    static func blasDOT(count: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self

    /// The Euclidean norm `||x||_2` (`?nrm2`), computed without overflow.
    static func blasNRM2(count: Int, x: UnsafePointer<Self>) -> Self

    /// `x = alpha * x` (`?scal`).
    static func blasSCAL(count: Int, alpha: Self, x: UnsafeMutablePointer<Self>)

    /// `y = x` (`?copy`).
    static func blasCOPY(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)

    /// `x[i] = tanh(x[i])` on `count` contiguous elements, vectorized
    /// (AVX2 + FMA when the CPU has them; within 3 ulp of libm).
    static func vectorTanh(_ x: UnsafeMutablePointer<Self>, count: Int)

    /// `x[i] = e^x[i]` on `count` contiguous elements, vectorized (within
    /// 2 ulp of libm).
    static func vectorExp(_ x: UnsafeMutablePointer<Self>, count: Int)

    /// `x[i] = log x[i]` (natural logarithm) on `count` contiguous elements,
    /// vectorized (within 1 ulp of libm).
    static func vectorLog(_ x: UnsafeMutablePointer<Self>, count: Int)

    /// `x[i] = 1 / (1 + e^-x[i])` on `count` contiguous elements,
    /// vectorized, with no overflow for any `x`.
    static func vectorLogistic(_ x: UnsafeMutablePointer<Self>, count: Int)

    /// Whether none of `count` contiguous elements is infinite or NaN
    /// (vectorized, and concrete even where the caller is generic).
    static func vectorAllFinite(_ x: UnsafePointer<Self>, count: Int) -> Bool

    /// Solves `A X = B` for a symmetric positive-definite `n x n` matrix `A`
    /// by Cholesky factorization (`?posv`, upper triangle read). Overwrites
    /// `A` with the factor and `B` (`n x nrhs`) with `X`. Returns LAPACK's
    /// `info`: `0` on success, `i > 0` when the leading minor of order `i` is
    /// not positive definite.
    static func lapackPOSV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, b: UnsafeMutablePointer<Self>
    ) -> Int

    /// Cholesky factorization `A = L L^T` (`?potrf`, lower triangle), in
    /// place. Returns LAPACK's `info` as ``lapackPOSV(n:nrhs:a:b:)`` does.
    static func lapackPOTRF(n: Int, a: UnsafeMutablePointer<Self>) -> Int

    /// Solves `A X = B` for a general `n x n` matrix by LU factorization with
    /// partial pivoting (`?gesv`). Returns LAPACK's `info`: `i > 0` when
    /// `U[i-1, i-1]` is exactly zero (the matrix is singular).
    static func lapackGESV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, pivots: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Self>
    ) -> Int

    /// Eigenvalues (ascending, into `w`) and orthonormal eigenvectors (the
    /// columns of `A`, overwritten) of the symmetric `n x n` matrix `A`
    /// (`?syevd`, divide and conquer). Returns LAPACK's `info`: `i > 0` when
    /// the algorithm failed to converge.
    static func lapackSYEVD(n: Int, a: UnsafeMutablePointer<Self>, w: UnsafeMutablePointer<Self>)
        -> Int
}
