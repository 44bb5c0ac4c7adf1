import Foundation
import Perceptron
import PerceptronMPI

/// Times `allreduceSum` of `count` floats, blocking and started then waited
/// for, 50 times each after 5 untimed; rank 0 prints the medians and the
/// quartiles in milliseconds. A measurement, not a check: scripts/compare-ranks
/// quotes it beside the training figures.
func timeAllreduce(count: Int, _ communicator: MPICommunicator) throws {
    var buffer = [Float](repeating: 1, count: count)
    let clock = ContinuousClock()
    func milliseconds(_ body: () throws -> Void) throws -> Double {
        try communicator.barrier()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.attoseconds) / 1e15
            + Double(elapsed.components.seconds) * 1000
    }
    for (name, operation) in [
        (
            "blocking",
            { (b: UnsafeMutableBufferPointer<Float>) in try communicator.allreduceSum(b) }
        ),
        ("started", { b in try communicator.startAllreduceSum(b).wait() }),
    ] as [(String, (UnsafeMutableBufferPointer<Float>) throws -> Void)] {
        var times = [Double]()
        for repetition in 0..<55 {
            let time = try buffer.withUnsafeMutableBufferPointer { b in
                try milliseconds { try operation(b) }
            }
            if repetition >= 5 { times.append(time) }
        }
        times.sort()
        if communicator.rank == 0 {
            print(
                String(
                    format:
                        "allreduce of %d floats (%.1f MB), %@, %d ranks: median %.3f ms (quartiles %.3f-%.3f)",
                    count, Double(count * 4) / 1e6, name, communicator.size, times[25], times[12],
                    times[37]))
        }
    }
}
