import CMPI
import Foundation
import Perceptron
import Tensor

/// A `Communicator` whose members are the processes of an MPI job
/// (MPI_COMM_WORLD: every process `mpirun` started, on one machine or
/// several), over Open MPI. Get it from ``MPIEnvironment/initialize()``;
/// call it from the main thread only (MPI_THREAD_FUNNELED).
///
/// **Identical bits.** ``allreduceSum(_:)`` does not call MPI_Allreduce:
/// the standard only recommends that a reduction give the same result for
/// the same arguments in the same order (MPI Forum, MPI: A Message-Passing
/// Interface Standard, Version 3.1, 2015, sec. 5.9.1, advice to
/// implementors) and does not require an allreduce to leave the same bits
/// on every rank; its algorithms may sum in different orders on different
/// ranks. It runs the two phases of the reduce-scatter + allgather
/// allreduce instead (Rabenseifner's algorithm in Thakur, Rabenseifner &
/// Gropp, 2005, "Optimization of Collective Communication Operations in
/// MPICH"): MPI_Ireduce_scatter leaves rank `k` the sums of its block
/// `ThreadPlan.shardRange(k, of: count, parts: size)`, then MPI_Iallgatherv
/// copies every block to every rank. Each element is summed once, on one
/// rank, and copied, so every rank holds the same bits.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    /// This process's rank in MPI_COMM_WORLD (MPI_Comm_rank).
    public let rank: Int
    /// The number of processes in MPI_COMM_WORLD (MPI_Comm_size).
    public let size: Int
    /// MPI_COMM_WORLD, for the blocking operations.
    let comm: MPI_Comm
    /// The reductions started by ``startAllreduceSum(_:)`` and not complete.
    let pending: ReductionQueue

    /// The communicator over `world` (MPI_COMM_WORLD, already initialized);
    /// collective: every rank creates one.
    init(world: MPI_Comm) throws {
        var (rank, size): (Int32, Int32) = (0, 0)
        try checkMPI(MPI_Comm_rank(world, &rank), "MPI_Comm_rank")
        try checkMPI(MPI_Comm_size(world, &size), "MPI_Comm_size")
        (self.rank, self.size, comm) = (Int(rank), Int(size), world)
        pending = try ReductionQueue(world: world, rank: self.rank, size: self.size)
    }

    /// Sums `buffer` over the ranks, the same bits on every rank: the two
    /// phases of ``startAllreduceSum(_:)``, waited for. Open MPI 4.1's
    /// blocking MPI_Reduce_scatter was 3x slower than its non-blocking one
    /// here (2.5 ms against 0.8 ms for 2.1 MB on 2 ranks of one machine,
    /// `perceptron-mpi-check time-allreduce`), so the blocking sum waits for
    /// the non-blocking one.
    public func allreduceSum<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>)
        throws
    {
        try startAllreduceSum(buffer).wait()
    }

    /// Starts the reduction with MPI_Ireduce_scatter and returns. The
    /// returned reduction starts MPI_Iallgatherv once the first phase is
    /// complete, as its `progress()` or `wait()` finds (MPI 3.1, sec. 5.12,
    /// non-blocking collective operations); see `ReductionQueue` for why
    /// the phases of several started reductions stay in start order. With
    /// one rank or an empty buffer the reduction is complete at once.
    public func startAllreduceSum<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>
    ) throws -> any PendingReduction {
        guard size > 1, !buffer.isEmpty else { return MPIPendingReduction.complete() }
        return try pending.start(
            UnsafeMutableRawPointer(buffer.baseAddress!), count: buffer.count,
            stride: MemoryLayout<Scalar>.stride, datatype: Scalar.mpiDatatype)
    }

    /// Starts the first phase alone (MPI_Ireduce_scatter with `counts`) and
    /// returns; once complete, this rank's block of `buffer` holds the sums.
    public func startReduceScatterSum<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int]
    ) throws -> any PendingReduction {
        _ = block(counts: counts, of: buffer.count)
        guard size > 1, !buffer.isEmpty else { return MPIPendingReduction.complete() }
        return try pending.start(
            UnsafeMutableRawPointer(buffer.baseAddress!), count: buffer.count,
            stride: MemoryLayout<Scalar>.stride, datatype: Scalar.mpiDatatype,
            reduceScatterCounts: counts)
    }

    /// MPI_Iallgatherv in place, waited for (MPI 3.1, sec. 5.12): like the
    /// reduce-scatter, Open MPI's non-blocking collective is the faster one
    /// on one machine.
    public func allgather<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int]
    ) throws {
        _ = block(counts: counts, of: buffer.count)
        guard size > 1, !buffer.isEmpty else { return }
        let layout = try ReductionLayout(counts: counts)
        var request: MPI_Request? = perceptron_mpi_request_null()
        try checkMPI(
            MPI_Iallgatherv(
                perceptron_mpi_in_place(), 0, Scalar.mpiDatatype, buffer.baseAddress,
                layout.counts.baseAddress, layout.displacements.baseAddress, Scalar.mpiDatatype,
                comm, &request),
            "MPI_Iallgatherv")
        try checkMPI(MPI_Wait(&request, perceptron_mpi_status_ignore()), "MPI_Wait")
        withExtendedLifetime(layout) {}
    }

    /// Copies rank `root`'s `buffer` to every rank (MPI_Bcast, MPI 3.1,
    /// sec. 5.4).
    public func broadcast<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, from root: Int
    ) throws {
        require((0..<size).contains(root), "MPICommunicator: root \(root) of \(size)")
        guard size > 1, !buffer.isEmpty else { return }
        try checkMPI(
            MPI_Bcast(
                buffer.baseAddress, try mpiCount(buffer.count), Scalar.mpiDatatype, Int32(root),
                comm),
            "MPI_Bcast")
    }

    /// Returns once every rank has called it (MPI_Barrier, MPI 3.1, sec. 5.3).
    public func barrier() throws {
        try checkMPI(MPI_Barrier(comm), "MPI_Barrier")
    }

    /// Writes "rank R: message" and a newline to standard error, then ends
    /// every process of the job with MPI_Abort(MPI_COMM_WORLD, 1) (MPI 3.1,
    /// sec. 8.7): `mpirun` kills the other ranks, wherever they wait, and
    /// exits with a non-zero status.
    public func abort(_ message: String) -> Never {
        fputs("rank \(rank): \(message)\n", perceptron_stderr())
        fflush(perceptron_stderr())
        MPI_Abort(comm, 1)
        exit(1)  // MPI_Abort does not return
    }
}
