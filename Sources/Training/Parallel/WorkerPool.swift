import Synchronization
import Tensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A fixed set of threads that run one job at a time, each with its own
/// index: the workers of a data-parallel step.
///
/// ``run(_:)-(Job)`` hands the same job to every worker, runs index 0
/// on the calling thread and returns when all have finished. The threads
/// are created once, by ``init(threadCount:)``, and stopped and joined when
/// the pool is released, so a step creates no thread. A ``WorkerJob`` value
/// is handed over by address and allocates nothing; a closure costs one
/// small allocation per call when there are other threads
/// (`withoutActuallyEscaping` boxes it to check that it did not escape), so
/// the passes of a training step are jobs. Each worker takes on the
/// caller's subnormal-flushing mode (`DenormalFlushing`) for the
/// job, since that mode is per thread.
///
/// Between jobs a worker first spins on the job counter for up to
/// ``spinNanoseconds``, then sleeps on a condition variable; the caller
/// waits for the workers the same way. Training posts two jobs a step, a
/// millisecond or two apart with a fraction of a millisecond of serial work
/// (the update) in between, so the workers are still spinning when the next
/// one comes: waking a sleeping thread costs tens to hundreds of
/// microseconds on a virtual machine, which is a tenth of a small step.
public final class WorkerPool: @unchecked Sendable {
    /// The workers, the calling thread included.
    public let threadCount: Int
    /// How long a waiting thread spins before it sleeps: 2 ms, longer than
    /// the serial part of a training step, short enough that workers idle
    /// between epochs or after training soon stop using a core.
    public static let spinNanoseconds = 2_000_000

    /// What the threads share; they hold it, not the pool, so that
    /// releasing the pool stops them.
    @usableFromInline let shared = Shared()
    private var threads: [pthread_t] = []

    /// A pool of `threadCount` workers: the caller and `threadCount - 1`
    /// threads started now.
    public init(threadCount: Int) {
        require(threadCount >= 1, "WorkerPool: \(threadCount) threads")
        self.threadCount = threadCount
        for index in 1..<threadCount {
            let context = Unmanaged.passRetained(WorkerContext(shared: shared, index: index))
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { raw in
                    let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                    context.shared.serve(index: context.index)
                    return nil
                }, context.toOpaque())
            require(status == 0, "WorkerPool: pthread_create failed with \(status)")
            threads.append(thread)
        }
    }

    deinit {
        shared.stopping.store(true, ordering: .releasing)
        shared.signal(shared.jobPosted)
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Runs `job.run(worker: k)` for every worker `k` in `0..<threadCount`,
    /// at once, `k = 0` on the calling thread; returns when all are done.
    /// Calls must not overlap (one job at a time). Allocates nothing: the
    /// workers read `job` where it is.
    @inlinable
    public func run<Job: WorkerJob>(_ job: Job) {
        guard threadCount > 1 else { return job.run(worker: 0) }
        withUnsafePointer(to: job) { job in
            // Made here, where `Job` is known: the function captures nothing
            // and calls the job's specialized code (through the protocol, a
            // generic job would run unspecialized on the other workers).
            shared.post(UnsafeRawPointer(job), threads: threadCount - 1) { job, worker in
                job.assumingMemoryBound(to: Job.self).pointee.run(worker: worker)
            }
            job.pointee.run(worker: 0)
            shared.waitForWorkers()
        }
    }

    /// Runs `body(k)` for every worker `k` in `0..<threadCount`, as the job
    /// form does, with one small allocation per call when there are other
    /// threads (hot loops use a ``WorkerJob``).
    public func run(_ body: (Int) -> Void) {
        guard threadCount > 1 else { return body(0) }
        withoutActuallyEscaping(body) { run(ClosureJob(body: $0)) }
    }

    /// The job, its counters and the sleeping side.
    @usableFromInline
    final class Shared: @unchecked Sendable {
        /// Incremented (releasing) once the next job is in `job`.
        let generation = Atomic<Int>(0)
        /// The workers still running the current job.
        let running = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        // A sleeper re-checks its condition under `mutex`, and the other side
        // takes `mutex` before signalling, so no wake-up is lost.
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let jobPosted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        let jobFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        // Written by the caller before `generation` is incremented, read by
        // the workers after they see it: published by that release/acquire
        // pair. The job is the caller's value, by address (it outlives the
        // job: `run` returns only when every worker is done), and a function
        // that runs it.
        var job: UnsafeRawPointer?
        var invoke: ((UnsafeRawPointer, Int) -> Void)?
        var flushesDenormals = false

        init() {
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(jobPosted, nil)
            pthread_cond_init(jobFinished, nil)
        }

        deinit {
            pthread_cond_destroy(jobPosted)
            pthread_cond_destroy(jobFinished)
            pthread_mutex_destroy(mutex)
            jobPosted.deallocate()
            jobFinished.deallocate()
            mutex.deallocate()
        }

        /// Publishes a job to `threads` waiting workers.
        @usableFromInline
        func post(
            _ job: UnsafeRawPointer, threads: Int,
            _ invoke: @escaping (UnsafeRawPointer, Int) -> Void
        ) {
            (self.job, self.invoke) = (job, invoke)
            flushesDenormals = DenormalFlushing.isEnabled
            running.store(threads, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            signal(jobPosted)
        }

        /// Waits until every worker has finished the posted job.
        @usableFromInline
        func waitForWorkers() {
            wait(jobFinished) { self.running.load(ordering: .acquiring) == 0 }
            (job, invoke) = (nil, nil)
        }

        /// A worker thread's loop: wait for a new generation, run its job,
        /// report; return when the pool stops.
        func serve(index: Int) {
            var served = 0
            while true {
                wait(jobPosted) {
                    self.generation.load(ordering: .acquiring) != served
                        || self.stopping.load(ordering: .acquiring)
                }
                if stopping.load(ordering: .acquiring) { return }
                served = generation.load(ordering: .acquiring)
                if DenormalFlushing.isEnabled != flushesDenormals {
                    DenormalFlushing.isEnabled = flushesDenormals
                }
                invoke!(job!, index)
                if running.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                    signal(jobFinished)
                }
            }
        }

        /// Spins until `ready()`, for at most ``WorkerPool/spinNanoseconds``,
        /// then sleeps on `condition` until it holds.
        func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, until ready: () -> Bool) {
            let deadline = Self.monotonicNanoseconds() + WorkerPool.spinNanoseconds
            repeat {
                for _ in 0..<256 where ready() { return }
            } while Self.monotonicNanoseconds() < deadline
            pthread_mutex_lock(mutex)
            while !ready() { pthread_cond_wait(condition, mutex) }
            pthread_mutex_unlock(mutex)
        }

        /// Wakes the threads sleeping on `condition`.
        func signal(_ condition: UnsafeMutablePointer<pthread_cond_t>) {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }

        static func monotonicNanoseconds() -> Int {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return now.tv_sec * 1_000_000_000 + now.tv_nsec
        }
    }

    /// What a new thread needs: the shared state and its index.
    private final class WorkerContext {
        let shared: Shared
        let index: Int
        init(shared: Shared, index: Int) {
            self.shared = shared
            self.index = index
        }
    }
}

/// What every worker of a ``WorkerPool`` runs, with its index: a value
/// holding what the job reads (buffers, views, pointers), which
/// ``WorkerPool`` hands to the workers by address, so posting it allocates
/// nothing (a closure would need a heap context).
public protocol WorkerJob {
    /// The job of worker `worker`; every worker runs it at once, worker 0
    /// on the calling thread.
    func run(worker: Int)
}

/// A closure as a job, for the closure form of ``WorkerPool/run(_:)-(Int)->Void``.
private struct ClosureJob: WorkerJob {
    let body: (Int) -> Void
    func run(worker: Int) { body(worker) }
}
