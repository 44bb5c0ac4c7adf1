import Perceptron

/// How a reduction of `count` elements is cut among the `parts` ranks:
/// rank `k` sums block `k`, by default `ThreadPlan.shardRange(k, of: count,
/// parts: parts)` (contiguous, sizes differing by at most one), and `counts[k]`,
/// `displacements[k]` are that block's length and start, as the `int`
/// arrays MPI_Ireduce_scatter and MPI_Iallgatherv take.
///
/// The arrays live in allocated memory, freed with the layout, so that a
/// non-blocking operation can keep reading them: its arguments must not be
/// freed before it completes (MPI Forum, MPI: A Message-Passing Interface
/// Standard, Version 3.1, 2015, sec. 5.12).
final class ReductionLayout {
    /// `counts[k]`: the length of rank `k`'s block.
    let counts: UnsafeMutableBufferPointer<Int32>
    /// `displacements[k]`: the index of rank `k`'s first element.
    let displacements: UnsafeMutableBufferPointer<Int32>

    /// The layout of `count` elements over `parts` ranks; throws when
    /// `count` does not fit MPI's `int` counts.
    convenience init(count: Int, parts: Int) throws {
        try self.init(
            counts: (0..<parts).map { ThreadPlan.shardRange($0, of: count, parts: parts).count })
    }

    /// The layout whose rank `k` has the next `counts[k]` elements; throws
    /// when a count or the total does not fit MPI's `int` counts.
    init(counts blockCounts: [Int]) throws {
        _ = try mpiCount(blockCounts.reduce(0, +))
        counts = .allocate(capacity: blockCounts.count)
        displacements = .allocate(capacity: blockCounts.count)
        var start = 0
        for (k, count) in blockCounts.enumerated() {
            counts[k] = Int32(count)
            displacements[k] = Int32(start)
            start += count
        }
    }

    deinit {
        counts.deallocate()
        displacements.deallocate()
    }

    /// The indices of rank `k`'s block.
    func block(_ k: Int) -> Range<Int> {
        Int(displacements[k])..<Int(displacements[k] + counts[k])
    }
}
