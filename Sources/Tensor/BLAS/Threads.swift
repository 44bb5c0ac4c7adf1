import CBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension BLAS {
    /// The number of threads OpenBLAS uses for level-3 (and large level-2)
    /// calls outside any ``withThreadCount(_:_:)`` section: the process's
    /// configured count. It starts as OpenBLAS's own choice
    /// (`OPENBLAS_NUM_THREADS`, or every processor) and setting it is
    /// process-wide. Values below 1 are stored as 1.
    ///
    /// More threads help large products and hurt small ones: a 2,410-parameter
    /// network trained by L-BFGS runs about 3x slower with 2 threads than with 1
    /// (docs/ARCHITECTURE.md, principle 8), so callers choose it by problem size.
    public static var threadCount: Int {
        get { threadSections.withLock { $0.configured } }
        set {
            threadSections.withLock {
                $0.configured = newValue
                $0.apply()
            }
        }
    }

    /// The count OpenBLAS is using at this moment: ``threadCount``, or what
    /// the open ``withThreadCount(_:_:)`` sections asked for.
    public static var activeThreadCount: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS using `count` threads, then returns to what
    /// the other open sections, or ``threadCount``, ask for.
    ///
    /// OpenBLAS's count is one process-wide variable, and its results depend
    /// on it: a product split over two threads is rounded differently from
    /// one computed whole. So sections arbitrate instead of saving and
    /// restoring the variable, which concurrent callers would interleave:
    ///
    /// - while any section asks for one thread, OpenBLAS uses one. This is
    ///   what code that runs BLAS on threads of its own needs, for speed (no
    ///   second pool on the same cores) and for reproducible bits;
    /// - otherwise it uses the largest count an open section asks for, or
    ///   ``threadCount`` when none is open.
    ///
    /// A section asking for several threads therefore gets one while a
    /// one-thread section is open elsewhere in the process: its results are
    /// the same to rounding, not to the bit, as when it runs alone.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let count = Swift.max(1, count)
        threadSections.withLock {
            $0.open(count)
            $0.apply()
        }
        defer {
            threadSections.withLock {
                $0.close(count)
                $0.apply()
            }
        }
        return try body()
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

/// The process's sections and configured count (``ThreadCountArbiter``);
/// OpenBLAS's variable is set from them, under the same lock, whenever they
/// change.
private let threadSections = LockedArbiter(
    ThreadCountArbiter(configured: Int(openblas_get_num_threads())))

/// A ``ThreadCountArbiter`` behind a pthread mutex. Swift's
/// `Synchronization.Mutex` would do, but on Linux it locks with futex system
/// calls that ThreadSanitizer does not see: every contended section was
/// reported as a race, which would hide a real one.
private final class LockedArbiter: @unchecked Sendable {
    private var arbiter: ThreadCountArbiter
    /// Allocated once and never moved, as pthread requires.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ arbiter: ThreadCountArbiter) {
        self.arbiter = arbiter
        pthread_mutex_init(mutex, nil)
    }

    /// Runs `body` on the arbiter with the lock held.
    func withLock<R>(_ body: (inout ThreadCountArbiter) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&arbiter)
    }
}

extension ThreadCountArbiter {
    /// Copies ``effective`` into OpenBLAS if it differs.
    fileprivate func apply() {
        let count = Int32(effective)
        if openblas_get_num_threads() != count { openblas_set_num_threads(count) }
    }
}
