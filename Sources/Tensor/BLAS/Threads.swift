import CBLAS

extension BLAS {
    /// The number of threads OpenBLAS uses for level-3 (and large level-2)
    /// calls. Setting it is process-wide.
    ///
    /// More threads help large products and hurt small ones: a 2,410-parameter
    /// network trained by L-BFGS runs about 3x slower with 2 threads than with 1
    /// (docs/ARCHITECTURE.md, principle 8), so callers choose it by problem size.
    /// Values below 1 are stored as 1.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// The number of processors OpenBLAS detected.
    public static var processorCount: Int { Int(openblas_get_num_procs()) }

    /// OpenBLAS's build configuration, e.g.
    /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// The name of the kernel set OpenBLAS chose for this CPU, e.g. `Zen`.
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// How OpenBLAS was built to run in parallel.
    public static var parallelism: Parallelism {
        switch openblas_get_parallel() {
        case 0: .sequential
        case 2: .openMP
        default: .threads
        }
    }

    /// The threading model OpenBLAS was built with.
    public enum Parallelism: String, Sendable {
        /// Single-threaded build: ``threadCount`` is always 1.
        case sequential
        /// OpenBLAS's own thread pool (Debian's `openblas-pthread`).
        case threads
        /// OpenMP.
        case openMP
    }
}
