import CMPI
import Perceptron

/// The reductions an ``MPICommunicator`` started and that are not yet
/// complete, in start order, and the rule that advances them.
///
/// Every rank must start the collective operations on a communicator in
/// the same order, non-blocking ones included (MPI Forum, MPI: A
/// Message-Passing Interface Standard, Version 3.1, 2015, sec. 5.12). A
/// reduction's second phase (MPI_Iallgatherv) starts when its first phase
/// (MPI_Ireduce_scatter) is found complete, which each rank finds at a
/// different moment, possibly after it started later reductions. So each
/// phase has its own duplicate of MPI_COMM_WORLD, and a reduction's second
/// phase starts only after every earlier reduction's has: on each of the
/// two communicators the operations start in the reductions' start order.
/// Reductions also complete in start order: waiting for one completes every
/// reduction started before it.
final class ReductionQueue {
    /// This process's rank and the number of ranks.
    let rank: Int, size: Int
    /// A duplicate of MPI_COMM_WORLD for the first phases, one for the second.
    let scatterComm: MPI_Comm, gatherComm: MPI_Comm
    /// The reductions not yet complete, in start order; those still in their
    /// first phase come last.
    private var reductions: [MPIPendingReduction] = []

    /// The queue of `size` ranks over `world`; collective (MPI_Comm_dup).
    init(world: MPI_Comm, rank: Int, size: Int) throws {
        var (scatter, gather): (MPI_Comm?, MPI_Comm?) = (nil, nil)
        try checkMPI(MPI_Comm_dup(world, &scatter), "MPI_Comm_dup")
        try checkMPI(MPI_Comm_dup(world, &gather), "MPI_Comm_dup")
        (self.rank, self.size, scatterComm, gatherComm) = (rank, size, scatter!, gather!)
    }

    /// Starts the first phase of the sum of `count` elements of `datatype`,
    /// `stride` bytes each, at `buffer`: of an allreduce whose blocks
    /// `ReductionLayout(count:parts:)` cuts, or, given `counts`, of a
    /// reduce-scatter into blocks of those sizes.
    func start(
        _ buffer: UnsafeMutableRawPointer, count: Int, stride: Int, datatype: MPI_Datatype,
        reduceScatterCounts counts: [Int]? = nil
    ) throws -> MPIPendingReduction {
        let layout = try counts.map { try ReductionLayout(counts: $0) }
        let reduction = try MPIPendingReduction(
            buffer, layout: layout ?? ReductionLayout(count: count, parts: size), rank: rank,
            stride: stride, datatype: datatype, gathers: counts == nil, queue: self)
        try reduction.startScatter(on: scatterComm)
        reductions.append(reduction)
        return reduction
    }

    /// Advances the reductions in start order: tests (MPI_Test) each one's
    /// current phase, starting the second phase of those whose first is
    /// done; with a `target`, instead waits (MPI_Wait) until the target and
    /// every reduction started before it are complete.
    func advance(through target: MPIPendingReduction?) throws {
        let last: Int
        if let target {
            guard let index = reductions.firstIndex(where: { $0 === target }) else { return }
            last = index
        } else {
            last = -1
        }
        var earlierComplete = true
        for (index, reduction) in reductions.enumerated() {
            let blocking = index <= last
            if reduction.phase == .scattering {
                guard try reduction.finishPhase(blocking: blocking) else { break }
                try reduction.startGather(on: gatherComm)
            }
            // Test a second phase only when every earlier one is complete,
            // so reductions complete in start order.
            if earlierComplete {
                earlierComplete = try reduction.finishPhase(blocking: blocking)
            }
        }
        reductions.removeAll { $0.phase == .complete }
    }
}
