import Foundation
import Perceptron
import PerceptronMPI

/// `perceptron-mpi-check fail-on-rank K`: every rank but `K` enters an
/// allreduce; rank `K` calls `abort` half a second later, as a trainer
/// that cannot read its data does. The job must end with a non-zero status
/// and the message on stderr instead of waiting forever.
func failOnRank(_ failing: Int, _ communicator: MPICommunicator) throws -> Never {
    if communicator.rank == failing {
        usleep(500_000)
        communicator.abort("unreadable data: no such file x.csv")
    }
    var buffer = [Double](repeating: 1, count: 1000)
    try buffer.withUnsafeMutableBufferPointer { try communicator.allreduceSum($0) }
    printError("rank \(communicator.rank): the allreduce returned although rank \(failing) aborted")
    exit(2)
}
