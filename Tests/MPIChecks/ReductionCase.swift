import Foundation
import Perceptron
import PerceptronMPI

/// One buffer to sum over the ranks and the checks of its result; the
/// buffer is allocated, so a started reduction can hold on to it.
protocol ReductionCase: AnyObject {
    /// "Double random length 1000", for failure messages.
    var label: String { get }
    /// The buffer's length.
    var count: Int { get }
    /// Sums the buffer with `allreduceSum`.
    func reduce(on communicator: MPICommunicator) throws
    /// Starts summing the buffer with `startAllreduceSum`.
    func start(on communicator: MPICommunicator) throws -> any PendingReduction
    /// Expects the rank-order sums (within the tolerance) and the same bits
    /// as rank 0's; collective (broadcasts rank 0's result).
    func verify(_ context: CheckContext) throws
}

/// A ``ReductionCase`` whose rank `r` holds `value(r, i)` at index `i`.
final class SumCase<Scalar: BLASScalar>: ReductionCase {
    let label: String
    let value: (Int, Int) -> Scalar
    /// Allowed |sum - rank-order sum| relative to the sum of |terms|; zero
    /// for exact.
    let tolerance: Scalar
    let buffer: UnsafeMutableBufferPointer<Scalar>

    init(
        _ label: String, length: Int, rank: Int, tolerance: Scalar,
        value: @escaping (Int, Int) -> Scalar
    ) {
        (self.label, self.value, self.tolerance) = (label, value, tolerance)
        buffer = .allocate(capacity: length)
        for i in 0..<length { buffer.initializeElement(at: i, to: value(rank, i)) }
    }

    deinit { buffer.deallocate() }

    var count: Int { buffer.count }

    func reduce(on communicator: MPICommunicator) throws {
        try communicator.allreduceSum(buffer)
    }

    func start(on communicator: MPICommunicator) throws -> any PendingReduction {
        try communicator.startAllreduceSum(buffer)
    }

    func verify(_ context: CheckContext) throws {
        var (wrong, first) = (0, "")
        for i in buffer.indices {
            let expected = rankOrderSum(index: i, size: context.size, value)
            var scale: Scalar = 0
            for r in 0..<context.size { scale += abs(value(r, i)) }
            let close = abs(buffer[i] - expected) <= tolerance * scale
            if tolerance == 0 ? buffer[i] != expected : !close {
                wrong += 1
                if first.isEmpty { first = "at \(i): \(buffer[i]), expected \(expected)" }
            }
        }
        context.expect(
            wrong == 0, "\(label): \(wrong) sums differ from the rank-order sums, first \(first)")
        let rankZero = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: buffer.count)
        defer { rankZero.deallocate() }
        _ = rankZero.initialize(fromContentsOf: buffer)
        try context.communicator.broadcast(rankZero, from: 0)
        let same =
            buffer.isEmpty
            || memcmp(
                rankZero.baseAddress!, buffer.baseAddress!,
                buffer.count * MemoryLayout<Scalar>.stride) == 0
        context.expect(same, "\(label): the sums' bits differ from rank 0's")
    }
}

/// Integer-valued (exact) and random-ish cases of `Scalar`, of lengths 0,
/// 1, size - 1, 1000 and 100_003; `tolerance` for the random-ish ones.
func reductionCases<Scalar: BLASScalar>(
    _: Scalar.Type, rank: Int, size: Int, salt: Int, tolerance: Scalar
) -> [any ReductionCase] {
    [0, 1, size - 1, 1000, 100_003].flatMap { length -> [any ReductionCase] in
        [
            SumCase<Scalar>(
                "\(Scalar.self) integers length \(length)", length: length, rank: rank,
                tolerance: 0
            ) { Scalar(TestValues.integer(rank: $0, index: $1, salt: salt)) },
            SumCase<Scalar>(
                "\(Scalar.self) random length \(length)", length: length, rank: rank,
                tolerance: tolerance
            ) { Scalar(TestValues.random(rank: $0, index: $1, salt: salt + 1)) },
        ]
    }
}
