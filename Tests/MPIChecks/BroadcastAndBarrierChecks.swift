import Foundation
import Perceptron
import PerceptronMPI

/// `broadcast` from every root, Double and Float, lengths 0 to 100_003:
/// every rank ends with the root's values.
func broadcastEveryRoot(_ context: CheckContext) throws {
    for root in 0..<context.size {
        for length in [0, 1, 1000, 100_003] {
            try expectBroadcast(Double.self, context, root: root, length: length)
            try expectBroadcast(Float.self, context, root: root, length: length)
        }
    }
}

/// Broadcasts `random(rank, i)` from `root` and expects the root's values.
private func expectBroadcast<Scalar: BLASScalar>(
    _: Scalar.Type, _ context: CheckContext, root: Int, length: Int
) throws {
    let value = { (rank: Int, i: Int) in Scalar(TestValues.random(rank: rank, index: i, salt: 8)) }
    var buffer = (0..<length).map { value(context.rank, $0) }
    try buffer.withUnsafeMutableBufferPointer {
        try context.communicator.broadcast($0, from: root)
    }
    let wrong = buffer.indices.filter { buffer[$0] != value(root, $0) }.count
    context.expect(wrong == 0, "\(Scalar.self) length \(length) from \(root): \(wrong) differ")
}

/// `barrier` waits for the last rank: rank 0 arrives 0.3 s late, the others
/// wait at least 0.15 s.
func barrier(_ context: CheckContext) throws {
    try context.communicator.barrier()
    let start = Date()
    if context.rank == 0 { usleep(300_000) }
    try context.communicator.barrier()
    let waited = Date().timeIntervalSince(start)
    context.expect(waited >= 0.15, "left the barrier after \(waited) s, before rank 0 arrived")
}
