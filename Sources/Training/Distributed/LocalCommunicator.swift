import Foundation
import Tensor

/// A ``Communicator`` whose members are threads of one process: a group of
/// trainers that share one machine's memory, and the reference the MPI
/// implementation is tested against.
///
/// A reduction sums each element in rank order, `((b0 + b1) + b2) + ...`,
/// each member summing one contiguous range of the elements (as
/// ``ThreadPlan/shardRange(_:of:parts:)`` cuts them) and writing the sum to
/// every member's buffer: the work is spread over the members and every
/// member ends with the same bits. ``startAllreduceSum(_:)`` completes
/// before it returns, since the members themselves do the summing.
public final class LocalCommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public var size: Int { group.size }
    let group: Group

    /// `size` members, one per thread; member `k` goes to the thread of
    /// rank `k`.
    public static func group(size: Int) -> [LocalCommunicator] {
        require(size >= 1, "LocalCommunicator: a group of \(size)")
        let group = Group(size: size)
        return (0..<size).map { LocalCommunicator(rank: $0, group: group) }
    }

    init(rank: Int, group: Group) {
        (self.rank, self.group) = (rank, group)
    }

    public func allreduceSum<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>)
        throws
    {
        guard size > 1, !buffer.isEmpty else { return }
        let members = try group.exchange(rank: rank, buffer)
        let range = ThreadPlan.shardRange(rank, of: buffer.count, parts: size)
        let buffers = members.map { $0.assumingMemoryBound(to: Scalar.self) }
        for i in range {
            let sum = Self.rankOrderSum(of: buffers, at: i)
            for member in buffers { member[i] = sum }
        }
        group.wait()
    }

    /// `((b0[i] + b1[i]) + b2[i]) + ...`: every member's element `i`, added
    /// in rank order.
    static func rankOrderSum<Scalar: BLASScalar>(
        of buffers: [UnsafeMutablePointer<Scalar>], at i: Int
    ) -> Scalar {
        var sum = buffers[0][i]
        for member in buffers.dropFirst() { sum += member[i] }
        return sum
    }

    public func startAllreduceSum<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>
    ) throws -> any PendingReduction {
        try allreduceSum(buffer)
        return CompletedReduction()
    }

    /// Member `m` sums its block in rank order and writes the sums to its
    /// own buffer only; complete when it returns.
    public func startReduceScatterSum<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int]
    ) throws -> any PendingReduction {
        let own = block(counts: counts, of: buffer.count)
        guard size > 1, !buffer.isEmpty else { return CompletedReduction() }
        let members = try group.exchange(rank: rank, buffer)
        let buffers = members.map { $0.assumingMemoryBound(to: Scalar.self) }
        for i in own { buffer[i] = Self.rankOrderSum(of: buffers, at: i) }
        group.wait()
        return CompletedReduction()
    }

    public func allgather<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, counts: [Int]
    ) throws {
        _ = block(counts: counts, of: buffer.count)
        guard size > 1, !buffer.isEmpty else { return }
        let members = try group.exchange(rank: rank, buffer)
        var start = 0
        for (member, count) in counts.enumerated() {
            if member != rank {
                (buffer.baseAddress! + start).update(
                    from: members[member].assumingMemoryBound(to: Scalar.self) + start,
                    count: count)
            }
            start += count
        }
        group.wait()
    }

    public func broadcast<Scalar: BLASScalar>(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, from root: Int
    ) throws {
        require((0..<size).contains(root), "LocalCommunicator: root \(root) of \(size)")
        guard size > 1, !buffer.isEmpty else { return }
        let members = try group.exchange(rank: rank, buffer)
        if rank != root {
            buffer.baseAddress!.update(
                from: members[root].assumingMemoryBound(to: Scalar.self), count: buffer.count)
        }
        group.wait()
    }

    public func barrier() throws { group.wait() }

    public func abort(_ message: String) -> Never {
        fatalError("rank \(rank): \(message)")
    }

    /// A reduction that was complete when it was started.
    final class CompletedReduction: PendingReduction {
        func progress() -> Bool { true }
        func wait() {}
    }

    /// The members' shared state: a barrier and one buffer address each.
    final class Group: @unchecked Sendable {
        let size: Int
        private let barrier = UnsafeMutablePointer<pthread_barrier_t>.allocate(capacity: 1)
        // One slot per member, in memory of their own rather than in Swift
        // arrays: every member writes its slot at the same time, and writing
        // an element of an array stored in a class is a modifying access to
        // the whole array (a data race between the members, which
        // ThreadSanitizer reports), and would copy the array if a member
        // still held it. The barrier orders the writes before the reads.
        private let addresses: UnsafeMutablePointer<UnsafeMutableRawPointer?>
        private let counts: UnsafeMutablePointer<Int>

        init(size: Int) {
            self.size = size
            addresses = .allocate(capacity: size)
            addresses.initialize(repeating: nil, count: size)
            counts = .allocate(capacity: size)
            counts.initialize(repeating: 0, count: size)
            pthread_barrier_init(barrier, nil, UInt32(size))
        }

        deinit {
            pthread_barrier_destroy(barrier)
            barrier.deallocate()
            addresses.deallocate()
            counts.deallocate()
        }

        /// Waits for every member.
        func wait() { pthread_barrier_wait(barrier) }

        /// Publishes this member's buffer and returns every member's, once
        /// all have published; throws on every member when the lengths differ.
        func exchange<Scalar>(rank: Int, _ buffer: UnsafeMutableBufferPointer<Scalar>) throws
            -> [UnsafeMutableRawPointer]
        {
            addresses[rank] = UnsafeMutableRawPointer(buffer.baseAddress)
            counts[rank] = buffer.count
            wait()
            let members = UnsafeBufferPointer(start: addresses, count: size).map { $0! }
            let lengths = Array(UnsafeBufferPointer(start: counts, count: size))
            wait()  // everyone has read the table before anyone writes it again
            guard lengths.allSatisfy({ $0 == lengths[0] }) else {
                throw CommunicationError(
                    "a collective operation on buffers of different lengths: \(lengths)")
            }
            return members
        }
    }
}
