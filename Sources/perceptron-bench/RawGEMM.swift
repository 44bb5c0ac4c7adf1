import CBLAS
import Tensor

/// The baseline of the benchmark: `cblas_sgemm` / `cblas_dgemm` called
/// directly on pointers taken once, outside the timed loop. The Tensor
/// layer's overhead is whatever `BLAS.gemm` spends beyond this.
protocol RawGEMMScalar: BLASScalar {
    static func rawGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
        c: UnsafeMutablePointer<Self>, ldc: Int32)
}

extension Float: RawGEMMScalar {
    static func rawGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
        c: UnsafeMutablePointer<Float>, ldc: Int32
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
}

extension Double: RawGEMMScalar {
    static func rawGEMM(
        transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32,
        a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
        c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
}
