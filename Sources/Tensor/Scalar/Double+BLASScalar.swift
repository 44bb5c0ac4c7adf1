import CBLAS
import CVectorMath
import RealModule

extension Double: BLASScalar {
    @inlinable @inline(__always)
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    @inlinable @inline(__always)
    public static func blasGEMV(
        transpose: Bool, rows: Int, columns: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, cblasTranspose(transpose), Int32(rows), Int32(columns),
            alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasGER(
        rows: Int, columns: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafePointer<Double>,
        a: UnsafeMutablePointer<Double>, lda: Int
    ) {
        cblas_dger(CblasRowMajor, Int32(rows), Int32(columns), alpha, x, 1, y, 1, a, Int32(lda))
    }

    @inlinable @inline(__always)
    public static func blasAXPY(
        count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
    ) {
        cblas_daxpy(Int32(count), alpha, x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasDOT(count: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>)
        -> Double
    {
        cblas_ddot(Int32(count), x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func blasNRM2(count: Int, x: UnsafePointer<Double>) -> Double {
        cblas_dnrm2(Int32(count), x, 1)
    }

    @inlinable @inline(__always)
    public static func blasSCAL(count: Int, alpha: Double, x: UnsafeMutablePointer<Double>) {
        cblas_dscal(Int32(count), alpha, x, 1)
    }

    @inlinable @inline(__always)
    public static func blasCOPY(
        count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dcopy(Int32(count), x, 1, y, 1)
    }

    @inlinable @inline(__always)
    public static func vectorTanh(_ x: UnsafeMutablePointer<Double>, count: Int) {
        perceptron_tanh_f64(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorExp(_ x: UnsafeMutablePointer<Double>, count: Int) {
        perceptron_exp_f64(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorLog(_ x: UnsafeMutablePointer<Double>, count: Int) {
        perceptron_log_f64(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorLogistic(_ x: UnsafeMutablePointer<Double>, count: Int) {
        perceptron_logistic_f64(x, count)
    }

    @inlinable @inline(__always)
    public static func vectorAllFinite(_ x: UnsafePointer<Double>, count: Int) -> Bool {
        perceptron_all_finite_f64(x, count) != 0
    }

    @inlinable
    public static func lapackPOSV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>
    ) -> Int {
        Int(
            LAPACKE_dposv(
                LAPACK_ROW_MAJOR, upperTriangle, Int32(n), Int32(nrhs), a, Int32(n), b,
                Int32(nrhs)))
    }

    @inlinable
    public static func lapackPOTRF(n: Int, a: UnsafeMutablePointer<Double>) -> Int {
        Int(LAPACKE_dpotrf(LAPACK_ROW_MAJOR, lowerTriangle, Int32(n), a, Int32(n)))
    }

    @inlinable
    public static func lapackGESV(
        n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, pivots: UnsafeMutablePointer<Int32>,
        b: UnsafeMutablePointer<Double>
    ) -> Int {
        Int(
            LAPACKE_dgesv(
                LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), a, Int32(n), pivots, b, Int32(nrhs)))
    }

    @inlinable
    public static func lapackSYEVD(
        n: Int, a: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>
    ) -> Int {
        Int(
            LAPACKE_dsyevd(
                LAPACK_ROW_MAJOR, computeVectors, upperTriangle, Int32(n), a, Int32(n), w))
    }
}
