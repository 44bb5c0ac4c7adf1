#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Synchronization
import Tensor

/// A fixed set of threads that run one job at a time, each with its own
/// index: the workers of a data-parallel step.
///
/// ``run(_:)`` hands the same job to every worker, runs index 0 on the
/// calling thread and returns when all have finished. The threads are
/// created once, by ``init(threadCount:)``, so a step creates no thread.
/// A ``WorkerJob`` value is handed over by address and allocates nothing; a
/// closure costs one small allocation per call when there are other
/// threads, so the passes of a training step are jobs. Each worker takes on
/// the caller's subnormal-flushing mode (``Tensor/DenormalFlushing``) for the
/// job, since that mode is per thread.
///
/// Between jobs a worker first spins on the job counter for about
/// ``spinIterations`` reads, then sleeps on a condition variable; the caller
/// waits for the workers the same way. Training posts a job every few
/// milliseconds, with a fraction of a millisecond of serial work (the
/// update) in between, so the workers are usually still spinning when the
/// next one comes: waking a sleeping thread costs tens to hundreds of
/// microseconds on a virtual machine, twice per step.
public final class WorkerPool: @unchecked Sendable {
    /// The workers, the calling thread included.
    public let threadCount: Int
    /// How many times a waiting thread reads the counter before it sleeps.
    public static let spinIterations = 200_000

    /// Incremented (releasing) once the next job is in `job`.
    private let generation = Atomic<Int>(0)
    /// The workers still running the current job.
    private let running = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    // The sleeping side: a waiter re-checks its condition under `mutex`, and
    // the other side takes `mutex` before signalling, so no wake-up is lost.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let jobPosted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let jobFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Written by the caller before `generation` is incremented, read by the
    // workers after they see it: published by that release/acquire pair.
    // The job is the caller's value, by address (it outlives the job: `run`
    // returns only when every worker is done), and a function that runs it,
    // made where its type is known. That function captures nothing, so it
    // needs no heap context, and it calls the job's specialized code:
    // calling through the protocol (the existential metatype's witness)
    // would run a generic job such as ShardedPass's unspecialized, hundreds
    // of mallocs per step.
    private var job: UnsafeRawPointer?
    private var invoke: ((UnsafeRawPointer, Int) -> Void)?
    private var flushesDenormals = false
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
        stopping.store(true, ordering: .releasing)
        signal(jobPosted)
        for thread in threads { pthread_join(thread, nil) }
        pthread_cond_destroy(jobPosted)
        pthread_cond_destroy(jobFinished)
        pthread_mutex_destroy(mutex)
        jobPosted.deallocate()
        jobFinished.deallocate()
        mutex.deallocate()
    }

    /// Runs `job.run(worker: k)` for every worker `k` in `0..<threadCount`,
    /// at once, `k = 0` on the calling thread; returns when all are done.
    /// Calls must not overlap (one job at a time). Allocates nothing: the
    /// workers read `job` where it is.
    @inlinable
    public func run<Job: WorkerJob>(_ job: Job) {
        guard threadCount > 1 else { return job.run(worker: 0) }
        withUnsafePointer(to: job) { job in
            post(UnsafeRawPointer(job)) { job, worker in
                job.assumingMemoryBound(to: Job.self).pointee.run(worker: worker)
            }
            job.pointee.run(worker: 0)
            waitForWorkers()
        }
    }

    /// Runs `body(k)` for every worker `k` in `0..<threadCount`, as the
    /// job form does. With more than one thread this allocates a small
    /// context per call (`withoutActuallyEscaping` boxes the closure to
    /// check that it did not escape), so hot loops use a ``WorkerJob``.
    public func run(_ body: (Int) -> Void) {
        guard threadCount > 1 else { return body(0) }
        withoutActuallyEscaping(body) { run(ClosureJob(body: $0)) }
    }

    /// Publishes a job to the waiting workers.
    @usableFromInline
    func post(_ job: UnsafeRawPointer, _ invoke: @escaping (UnsafeRawPointer, Int) -> Void) {
        (self.job, self.invoke) = (job, invoke)
        flushesDenormals = DenormalFlushing.isEnabled
        running.store(threadCount - 1, ordering: .relaxed)
        generation.add(1, ordering: .releasing)
        signal(jobPosted)
    }

    /// Waits until every worker has finished the posted job.
    @usableFromInline
    func waitForWorkers() {
        wait(jobFinished) { self.running.load(ordering: .acquiring) == 0 }
        (job, invoke) = (nil, nil)
    }

    /// A worker thread's loop: wait for a new generation, run its job, report.
    private func serve(index: Int) {
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

    /// Spins until `ready()`, then sleeps on `condition` until it holds.
    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, until ready: () -> Bool) {
        for _ in 0..<Self.spinIterations where ready() { return }
        pthread_mutex_lock(mutex)
        while !ready() { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Wakes the threads sleeping on `condition`.
    private func signal(_ condition: UnsafeMutablePointer<pthread_cond_t>) {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
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

/// What every worker of a ``WorkerPool`` runs, with its index: a value
/// holding what the job reads (buffers, views, pointers), which
/// ``WorkerPool`` hands to the workers by address, so posting
/// it allocates nothing (a closure would need a heap context).
public protocol WorkerJob {
    /// The job of worker `worker`; every worker runs it at once, worker 0
    /// on the calling thread.
    func run(worker: Int)
}

/// A closure as a job, for the closure form of `WorkerPool.run`.
private struct ClosureJob: WorkerJob {
    let body: (Int) -> Void
    func run(worker: Int) { body(worker) }
}
