import CMPI
import Perceptron

/// A sum started by ``MPICommunicator/startAllreduceSum(_:)`` (or, its
/// first phase alone, by ``MPICommunicator/startReduceScatterSum(_:counts:)``):
/// the two phases of ``MPICommunicator/allreduceSum(_:)``, non-blocking (MPI Forum,
/// MPI: A Message-Passing Interface Standard, Version 3.1, 2015, sec. 5.12;
/// Thakur, Rabenseifner & Gropp, 2005, "Optimization of Collective
/// Communication Operations in MPICH").
///
/// First MPI_Ireduce_scatter sums this rank's block of every rank's buffer
/// into a scratch block; once that is complete, the block is copied into
/// place and MPI_Iallgatherv, in place, copies every rank's block to every
/// rank. The reduction owns the scratch block and the count arrays, which
/// MPI reads until the operations complete. Its ``ReductionQueue`` starts
/// the phases (see there for the order).
final class MPIPendingReduction: PendingReduction {
    /// Where a reduction is: in its first phase, its second, or done.
    enum Phase { case scattering, gathering, complete }

    private(set) var phase: Phase
    /// The operation of the current phase, MPI_REQUEST_NULL once done.
    private var request: MPI_Request? = perceptron_mpi_request_null()
    private let buffer: UnsafeMutableRawPointer?
    private let layout: ReductionLayout?
    private let block: Range<Int>
    private let stride: Int
    private let datatype: MPI_Datatype?
    private let scratch: UnsafeMutableRawPointer?
    /// The queue that advances this reduction; nil once complete.
    private var queue: ReductionQueue?

    /// Whether the second phase runs: false for a reduce-scatter, which
    /// leaves each rank its own block of the sum only.
    private let gathers: Bool

    /// A reduction of `buffer` laid out by `layout`, not yet started; with
    /// `gathers` false, only its first phase.
    init(
        _ buffer: UnsafeMutableRawPointer, layout: ReductionLayout, rank: Int, stride: Int,
        datatype: MPI_Datatype, gathers: Bool, queue: ReductionQueue
    ) {
        (self.buffer, self.layout, self.stride, self.datatype) = (buffer, layout, stride, datatype)
        self.gathers = gathers
        block = layout.block(rank)
        scratch = .allocate(byteCount: max(block.count, 1) * stride, alignment: 16)
        phase = .scattering
        self.queue = queue
    }

    /// A reduction with nothing to do (one rank, or an empty buffer).
    private init() {
        (buffer, layout, block, stride, datatype, scratch) = (nil, nil, 0..<0, 0, nil, nil)
        (phase, gathers) = (.complete, false)
    }

    /// A reduction that is already complete.
    static func complete() -> MPIPendingReduction { MPIPendingReduction() }

    deinit { scratch?.deallocate() }

    /// Tests the started reductions in start order (MPI_Test), starting the
    /// second phase of those whose first is complete; true once this one is.
    func progress() throws -> Bool {
        try queue?.advance(through: nil)
        return phase == .complete
    }

    /// Waits (MPI_Wait) until this reduction and every earlier one are
    /// complete.
    func wait() throws {
        try queue?.advance(through: self)
    }

    /// Starts the first phase: this rank's block of the sum into `scratch`.
    func startScatter(on comm: MPI_Comm) throws {
        try checkMPI(
            MPI_Ireduce_scatter(
                buffer, scratch, layout!.counts.baseAddress, datatype, perceptron_mpi_sum(), comm,
                &request),
            "MPI_Ireduce_scatter")
    }

    /// Copies the summed block into place and starts the second phase (or,
    /// for a reduce-scatter, completes).
    func startGather(on comm: MPI_Comm) throws {
        (buffer! + block.lowerBound * stride).copyMemory(
            from: scratch!, byteCount: block.count * stride)
        guard gathers else {
            phase = .complete
            queue = nil
            return
        }
        try checkMPI(
            MPI_Iallgatherv(
                perceptron_mpi_in_place(), 0, datatype, buffer, layout!.counts.baseAddress,
                layout!.displacements.baseAddress, datatype, comm, &request),
            "MPI_Iallgatherv")
        phase = .gathering
    }

    /// Tests (or, `blocking`, waits for) the current phase's operation;
    /// true once it is complete, when the phase moves on.
    func finishPhase(blocking: Bool) throws -> Bool {
        guard phase != .complete else { return true }
        if blocking {
            try checkMPI(MPI_Wait(&request, perceptron_mpi_status_ignore()), "MPI_Wait")
        } else {
            var done: Int32 = 0
            try checkMPI(MPI_Test(&request, &done, perceptron_mpi_status_ignore()), "MPI_Test")
            guard done != 0 else { return false }
        }
        if phase == .gathering {
            phase = .complete
            queue = nil
        }
        return true
    }
}
