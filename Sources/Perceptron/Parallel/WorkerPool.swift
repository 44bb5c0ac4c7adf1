#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Tensor

/// A fixed set of threads that run one job at a time, each with its own
/// index: the workers of a data-parallel step.
///
/// ``run(_:)`` hands the same closure to every worker, runs index 0 on the
/// calling thread and returns when all have finished. The threads are
/// created once, by ``init(threadCount:)``, and wait on a condition variable
/// between jobs, so a step creates no thread, and the closure, which never
/// escapes, no heap context. Each worker takes on the caller's
/// subnormal-flushing mode (``Tensor/DenormalFlushing``) for the job, since
/// that mode is per thread.
public final class WorkerPool: @unchecked Sendable {
    /// The workers, the calling thread included.
    public let threadCount: Int

    // Guarded by `mutex`: the job, its generation number, the workers still
    // running it, and the request to stop.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let jobPosted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let jobFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var job: ((Int) -> Void)?
    private var generation = 0
    private var running = 0
    private var flushesDenormals = false
    private var stopping = false
    private var threads: [pthread_t] = []

    /// A pool of `threadCount` workers: the caller and `threadCount - 1`
    /// threads started now.
    public init(threadCount: Int) {
        precondition(threadCount >= 1, "WorkerPool: \(threadCount) threads")
        self.threadCount = threadCount
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(jobPosted, nil)
        pthread_cond_init(jobFinished, nil)
        for index in 1..<threadCount {
            let context = Unmanaged.passRetained(WorkerContext(pool: self, index: index))
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { raw in
                    let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                    context.pool.serve(index: context.index)
                    return nil
                }, context.toOpaque())
            precondition(status == 0, "WorkerPool: pthread_create failed with \(status)")
            threads.append(thread)
        }
    }

    deinit {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(jobPosted)
        pthread_mutex_unlock(mutex)
        for thread in threads { pthread_join(thread, nil) }
        pthread_cond_destroy(jobPosted)
        pthread_cond_destroy(jobFinished)
        pthread_mutex_destroy(mutex)
        jobPosted.deallocate()
        jobFinished.deallocate()
        mutex.deallocate()
    }

    /// Runs `body(k)` for every worker `k` in `0..<threadCount`, at once,
    /// `k = 0` on the calling thread; returns when all are done. Calls must
    /// not overlap (one job at a time).
    public func run(_ body: (Int) -> Void) {
        guard threadCount > 1 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(mutex)
            job = body
            running = threadCount - 1
            generation &+= 1
            flushesDenormals = DenormalFlushing.isEnabled
            pthread_cond_broadcast(jobPosted)
            pthread_mutex_unlock(mutex)
            body(0)
            pthread_mutex_lock(mutex)
            while running > 0 { pthread_cond_wait(jobFinished, mutex) }
            job = nil
            pthread_mutex_unlock(mutex)
        }
    }

    /// A worker thread's loop: wait for a new generation, run its job, report.
    private func serve(index: Int) {
        var served = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == served && !stopping { pthread_cond_wait(jobPosted, mutex) }
            if stopping { break }
            served = generation
            var body = job
            let flushes = flushesDenormals
            pthread_mutex_unlock(mutex)
            if DenormalFlushing.isEnabled != flushes { DenormalFlushing.isEnabled = flushes }
            body!(index)
            // Let go of the closure before reporting: `run` checks that it
            // did not escape.
            body = nil
            pthread_mutex_lock(mutex)
            running -= 1
            if running == 0 { pthread_cond_signal(jobFinished) }
        }
        pthread_mutex_unlock(mutex)
    }

    /// What a new thread needs to know: its pool (which outlives it: `deinit`
    /// joins every thread) and its index.
    private final class WorkerContext {
        unowned let pool: WorkerPool
        let index: Int
        init(pool: WorkerPool, index: Int) {
            self.pool = pool
            self.index = index
        }
    }
}
