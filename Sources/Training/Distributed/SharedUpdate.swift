import Optimizers
import Tensor

/// Which member of a group updates which parameters when the members share
/// the update rather than each applying all of it: the partitioned update
/// of ZeRO's stage 1 (Rajbhandari, Rasley, Ruwase & He, 2020, "ZeRO: Memory
/// Optimizations Toward Training Trillion Parameter Models", SC20), without
/// its memory saving: every member keeps a whole-size copy of the
/// optimizer state, so that checkpoints and resumes need no
/// redistribution.
///
/// The `n` parameters are cut into `P × K` contiguous parts for `P`
/// members of `K` workers each, part `p` being
/// `ThreadPlan.shardRange(p, of: n, parts: P × K)`: the ranges of the
/// optimizer's partitions (``TrainingOptimizer/partition(into:)``). Member
/// `m` owns parts `m K ..< (m + 1) K`, one per worker of its step. A step
///
/// 1. reduce-scatters the gradient
///    (``Communicator/startReduceScatterSum(_:counts:)``, bucket by bucket
///    as backpropagation completes them): member `m` receives the global
///    batch's mean gradient on its own parameters only;
/// 2. applies the rule and the Polyak blend to those parameters, each
///    worker to one part;
/// 3. allgathers the parameters (``Communicator/allgather(_:counts:)``).
///
/// The data moved is the allreduce's (a reduce-scatter and an allgather of
/// `n` elements), and each member does `1 / P` of the update instead of all
/// of it. The rules and the blend work element by element, so every
/// parameter gets the bits any member would have computed for it.
///
/// Between synchronizations each member's copy of the optimizer state and
/// of the average is current on its own parameters only.
/// `synchronizeSharedUpdate(_:across:)` gathers them wherever the
/// trainer can be read: at the end of an epoch and at a stop.
struct SharedUpdate: Sendable {
    /// The length `n` of the parameter vector.
    let parameterCount: Int
    /// The group's size `P`.
    let members: Int
    /// The workers `K` of each member's step.
    let workers: Int
    /// This member's rank `m`.
    let member: Int
    /// Every member's number of parameters, in rank order: the blocks of
    /// the allgathers.
    private(set) var memberCounts: [Int] = []

    init(parameterCount: Int, members: Int, workers: Int, member: Int) {
        (self.parameterCount, self.members, self.workers) = (parameterCount, members, workers)
        self.member = member
        memberCounts = (0..<members).map { range(ofMember: $0).count }
    }

    /// The number of parts, `P × K`.
    var partCount: Int { members * workers }
    /// The parts this member updates.
    var ownedParts: Range<Int> { (member * workers)..<((member + 1) * workers) }
    /// The parameters this member updates.
    var ownedRange: Range<Int> { range(ofMember: member) }

    /// Part `p`'s parameters.
    func range(ofPart p: Int) -> Range<Int> {
        ThreadPlan.shardRange(p, of: parameterCount, parts: partCount)
    }

    /// Member `m`'s parameters: its `K` parts, adjacent.
    func range(ofMember m: Int) -> Range<Int> {
        range(ofPart: m * workers).lowerBound..<range(ofPart: (m + 1) * workers - 1).upperBound
    }

    /// How many of the parameters `elements` each member owns, in rank
    /// order: the blocks of their reduce-scatter.
    func counts(in elements: Range<Int>) -> [Int] {
        (0..<members).map { range(ofMember: $0).clamped(to: elements).count }
    }
}

extension Trainer {
    /// The shared update of a step across `group` on `workers` workers
    /// on this member, or nil when every member applies the whole update:
    /// with one member, when ``sharesUpdate`` is off or the rule needs the
    /// whole gradient (clipping by norm) on any member, or when the members
    /// have different numbers of workers (machines with different core
    /// counts), since the parts must be cut the same way on all of them.
    /// Every member calls it: the members agree in one small allgather.
    func updateSharing(across group: any Communicator, workers: Int) throws -> SharedUpdate? {
        guard group.size > 1 else { return nil }
        // Each member's workers, 0 where it cannot share.
        let own = sharesUpdate && optimizer.isPartitionable ? workers : 0
        let all = try group.allgather(Double(own))
        guard own > 0, all.allSatisfy({ $0 == Double(own) }) else { return nil }
        return SharedUpdate(
            parameterCount: model.parameterCount, members: group.size, workers: workers,
            member: group.rank)
    }

    /// Gives every member the whole optimizer state and Polyak average after
    /// shared updates: each member's parts of them, allgathered, then
    /// restored into every partition's rule. Every member calls it at the
    /// same point.
    mutating func synchronizeSharedUpdate(_ sharing: SharedUpdate, across group: any Communicator)
        throws
    {
        let counts = sharing.memberCounts
        if averaging != nil {
            try averaging!.withUnsafeMutableAverage { average in
                // Empty until the first step, on every member alike.
                if average.count == sharing.parameterCount {
                    try group.allgather(average, counts: counts)
                }
            }
        }
        guard
            var state = optimizer.state(
                ofParts: sharing.ownedParts, parameterCount: sharing.parameterCount)
        else { return }
        // In the same order on every member.
        for name in state.vectors.keys.sorted() {
            try state.vectors[name]!.withUnsafeMutableBufferPointer {
                try group.allgather($0, counts: counts)
            }
        }
        try optimizer.restore(state)
    }
}
