import CVectorMath

extension BLAS {
    /// The `OPENBLAS_CORETYPE` to set when OpenBLAS did not recognize this
    /// CPU, or nil when its choice is fine.
    ///
    /// A `DYNAMIC_ARCH` OpenBLAS picks its kernels by CPU model when it
    /// loads. A model newer than the library (Debian 12 ships 0.3.21, from
    /// 2022) falls back to the generic `Prescott` kernels, SSE3 only: on an
    /// Intel Xeon of 2023 they run a dense network's products several times
    /// slower than the `SkylakeX` (AVX-512) kernels the same library holds.
    /// The choice is made before `main` runs, so it can only be corrected
    /// from outside the process, by the environment variable this returns:
    /// `SkylakeX` where the CPU has AVX-512 F, BW, DQ and VL, `Haswell`
    /// where it has AVX2 and FMA.
    public static var recommendedCoreType: String? {
        guard coreName.lowercased() == "prescott" else { return nil }
        if perceptron_cpu_supports_avx512() != 0 { return "SkylakeX" }
        if perceptron_cpu_supports_avx2_fma() != 0 { return "Haswell" }
        return nil
    }
}
