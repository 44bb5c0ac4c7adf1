import Foundation
import Perceptron
import PerceptronMPI

/// `allreduceSum` of Double buffers: the rank-order sums (exact for
/// integers, within 1e-12 relative otherwise), the same bits on every rank.
func allreduceDouble(_ context: CheckContext) throws {
    for reduction in reductionCases(
        Double.self, rank: context.rank, size: context.size, salt: 1, tolerance: 1e-12)
    {
        try reduction.reduce(on: context.communicator)
        try reduction.verify(context)
    }
}

/// `allreduceSum` of Float buffers (within 1e-5 relative for random-ish data).
func allreduceFloat(_ context: CheckContext) throws {
    for reduction in reductionCases(
        Float.self, rank: context.rank, size: context.size, salt: 2, tolerance: 1e-5)
    {
        try reduction.reduce(on: context.communicator)
        try reduction.verify(context)
    }
}

/// Twenty `startAllreduceSum`s (Double and Float) started before any is
/// waited for, `progress()` called in rounds in between (a non-empty
/// reduction reported complete implies every earlier one is; empty ones
/// are complete at once), then waited for last first; each gives what
/// `allreduceSum` would.
func startedAllreduce(_ context: CheckContext) throws {
    let (rank, size) = (context.rank, context.size)
    let reductions =
        reductionCases(Double.self, rank: rank, size: size, salt: 3, tolerance: 1e-12)
        + reductionCases(Float.self, rank: rank, size: size, salt: 4, tolerance: 1e-5)
    let pending = try reductions.map { try $0.start(on: context.communicator) }
    for _ in 0..<200 {
        let complete = try pending.map { try $0.progress() }
        if let last = complete.indices.last(where: { complete[$0] && reductions[$0].count > 0 }) {
            for i in 0..<last {
                context.expect(
                    try pending[i].progress(),
                    "\(reductions[last].label) complete before \(reductions[i].label)")
            }
        }
        if complete.allSatisfy({ $0 }) { break }
        usleep(200)
    }
    for reduction in pending.reversed() { try reduction.wait() }
    for reduction in reductions { try reduction.verify(context) }
}

/// Blocking operations while started reductions are pending: they run on
/// separate communicators, and waiting for a later reduction completes
/// the earlier ones.
func startedAndBlocking(_ context: CheckContext) throws {
    let (comm, rank) = (context.communicator, context.rank)
    let first = SumCase<Double>("started Double", length: 100_003, rank: rank, tolerance: 1e-12) {
        TestValues.random(rank: $0, index: $1, salt: 5)
    }
    let second = SumCase<Float>("started Float", length: 1000, rank: rank, tolerance: 0) {
        Float(TestValues.integer(rank: $0, index: $1, salt: 6))
    }
    let blocking = SumCase<Double>("blocking Double", length: 1000, rank: rank, tolerance: 0) {
        Double(TestValues.integer(rank: $0, index: $1, salt: 7))
    }
    let firstPending = try first.start(on: comm)
    try blocking.reduce(on: comm)
    let secondPending = try second.start(on: comm)
    try comm.barrier()
    _ = try firstPending.progress()
    try secondPending.wait()
    context.expect(try firstPending.progress(), "waiting for the second left the first pending")
    try firstPending.wait()
    for reduction in [first, second, blocking] as [any ReductionCase] {
        try reduction.verify(context)
    }
}
