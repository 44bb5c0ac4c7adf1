import Tensor

/// A group of processes (or threads) that train one model together, each
/// on its share of the data: the seam between the data-parallel trainer and
/// the transport that sums the shares' gradients.
///
/// Two implementations: ``LocalCommunicator`` (threads of one process, for
/// tests and for a group of trainers in one program) and `MPICommunicator`
/// in the `PerceptronMPI` module (processes on one or several machines,
/// over Open MPI). The trainer calls only this protocol, so one training
/// loop serves both.
///
/// **Contract.** Every member calls the same collective operations in the
/// same order with buffers of the same length. A reduction leaves **the same
/// bits on every member**: each element's sum is computed once, in rank
/// order or by one member, and copied to the others. Replicated optimizers
/// (the update rules, L-BFGS's line search) then take identical decisions
/// on every member and the parameters never drift apart. Summing in
/// different orders on different members, as a plain allreduce may, would
/// break that after a few steps (Nocedal & Wright, 2006, sec. 7.2 on why
/// quasi-Newton iterations amplify such differences).
public protocol Communicator: AnyObject, Sendable {
    /// This member's index, `0..<size`; member 0 reports and writes files.
    var rank: Int { get }
    /// The number of members.
    var size: Int { get }

    /// Replaces `buffer` on every member by the element-wise sum of every
    /// member's `buffer`, the same bits on all. Blocks until done.
    func allreduceSum<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) throws

    /// Starts ``allreduceSum(_:)`` on `buffer` and returns at once (where
    /// the transport allows): `buffer` must stay allocated and untouched
    /// until the returned reduction's ``PendingReduction/wait()`` returns.
    /// Started reductions complete in the order they were started.
    func startAllreduceSum<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>)
        throws -> any PendingReduction

    /// Starts a reduction that leaves each member only its own block of the
    /// sum: the elements of `buffer` are cut into consecutive blocks of
    /// `counts[0]`, `counts[1]`, ... elements (`counts` has one entry per
    /// member and sums to `buffer.count`), and once the returned reduction
    /// is complete, member `m`'s block `m` holds the element-wise sum over
    /// the members, the same bits as ``allreduceSum(_:)`` would leave there.
    /// The rest of `buffer` is left as it was. The first half of an
    /// allreduce (a reduce-scatter, MPI Forum, MPI: A Message-Passing
    /// Interface Standard, Version 3.1, 2015, sec. 5.10); same rules for
    /// `buffer` and the order as ``startAllreduceSum(_:)``.
    func startReduceScatterSum<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int]
    ) throws -> any PendingReduction

    /// Copies member `m`'s block `m` of `buffer` (cut by `counts` as in
    /// ``startReduceScatterSum(_:counts:)``) into every member's `buffer`:
    /// afterwards every member holds every member's block. The second half
    /// of an allreduce (an allgather, MPI 3.1, sec. 5.7). Blocks until done.
    func allgather<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int])
        throws

    /// Copies member `root`'s `buffer` into every member's `buffer`.
    func broadcast<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, from root: Int)
        throws

    /// Returns once every member has called it.
    func barrier() throws

    /// Ends every member at once, printing `message` (prefixed by this
    /// member's rank) to standard error: what a member that cannot go on
    /// calls, so that the others do not wait for it forever.
    func abort(_ message: String) -> Never
}

/// A reduction started by ``Communicator/startAllreduceSum(_:)``.
public protocol PendingReduction: AnyObject {
    /// Lets the reduction advance without blocking; true once it is
    /// complete. Call it between pieces of other work: a transport without
    /// a progress thread (Open MPI's default) moves data only inside calls.
    func progress() throws -> Bool
    /// Blocks until the reduction is complete.
    func wait() throws
}

/// A collective operation that failed: the transport's message.
public struct CommunicationError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one line.
    public let description: String

    /// An error that reads `description`.
    public init(_ description: String) { self.description = description }
}

extension Communicator {
    /// The sums over the members of `values`, the same on every member.
    public func allreduceSum(_ values: [Double]) throws -> [Double] {
        var values = values
        try values.withUnsafeMutableBufferPointer { try allreduceSum($0) }
        return values
    }

    /// This member's block of a buffer of `count` elements cut by `counts`
    /// (see ``startReduceScatterSum(_:counts:)``); stops with a message
    /// when `counts` does not have one non-negative entry per member
    /// summing to `count`.
    public func block(counts: [Int], of count: Int) -> Range<Int> {
        require(
            counts.count == size && counts.allSatisfy { $0 >= 0 }
                && counts.reduce(0, +) == count,
            "\(Self.self): blocks of \(counts) elements for \(size) members and a buffer of \(count)"
        )
        let start = counts[..<rank].reduce(0, +)
        return start..<(start + counts[rank])
    }

    /// Every member's `value`, indexed by rank.
    public func allgather(_ value: Double) throws -> [Double] {
        var values = [Double](repeating: 0, count: size)
        values[rank] = value
        return try allreduceSum(values)
    }
}
