import CBLAS
import CVectorMath
import RealModule

extension Float: BLASScalar {
    @inlinable @inline(__always)
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    @inlinable @inline(__always)
    public static func blasGEMV(
        transpose: Bool, rows: Int, columns: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, cblasTranspose(transpose), Int32(rows), Int32(columns),
            alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasGER(
        rows: Int, columns: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
        a: UnsafeMutablePointer<Float>, lda: Int
    ) {
        cblas_sger(CblasRowMajor, Int32(rows), Int32(columns), alpha, x, 1, y, 1, a, Int32(lda))
    }

    @inlinable @inline(__always)
    public static func blasAXPY(
        count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasDOT(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>)
        -> Float
    {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasNRM2(count: Int, x: UnsafePointer<Float>) -> Float {
        cblas_snrm2(Int32(count), x, 1)
    }

    @inlinable @inline(__always)
    public static func blasSCAL(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(Int32(count), alpha, x, 1)
    }

    @inlinable @inline(__always)
    public static func blasCOPY(
        count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        cblas_scopy(Int32(count), x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func vectorTanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
        perceptron_tanh_f32(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorExp(_ x: UnsafeMutablePointer<Float>, count: Int) {
        perceptron_exp_f32(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorLog(_ x: UnsafeMutablePointer<Float>, count: Int) {
        perceptron_log_f32(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorLogistic(_ x: UnsafeMutablePointer<Float>, count: Int) {
        perceptron_logistic_f32(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorAllFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool {
        perceptron_all_finite_f32(x, count) != 0
    }

    @inlinable
    public static func lapackPOSV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
    ) -> Int {
        Int(
            LAPACKE_sposv(
                LAPACK_ROW_MAJOR, upperTriangle, Int32(n), Int32(nrhs), a, Int32(n), b,
                Int32(nrhs)))
    }

    @inlinable
    public static func lapackPOTRF(n: Int, a: UnsafeMutablePointer<Float>) -> Int {
        Int(LAPACKE_spotrf(LAPACK_ROW_MAJOR, lowerTriangle, Int32(n), a, Int32(n)))
    }

    @inlinable
    public static func lapackGESV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, pivots: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Float>
    ) -> Int {
        Int(
            LAPACKE_sgesv(
                LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), a, Int32(n), pivots, b, Int32(nrhs)))
    }

    @inlinable
    public static func lapackSYEVD(
        n: Int, a: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>
    ) -> Int {
        Int(
            LAPACKE_ssyevd(
                LAPACK_ROW_MAJOR, computeVectors, upperTriangle, Int32(n), a, Int32(n), w))
    }
}
