// perceptron-mpi-check: checks of PerceptronMPI run under mpirun
// (scripts/test-mpi). Every rank runs every check; rank 0 prints the
// summary; the exit status is 1 when a check failed on any rank.
//
//   mpirun -np 3 perceptron-mpi-check                  every check
//   mpirun -np 3 perceptron-mpi-check fail-on-rank K   rank K aborts
//   mpirun -np 2 perceptron-mpi-check time-allreduce N  times sums of N floats
import Foundation
import Perceptron
import PerceptronMPI

/// Every check, in the order they run: add a check with one line here.
let checks: [Check] = [
    Check("allreduce-double", allreduceDouble),
    Check("allreduce-float", allreduceFloat),
    Check("started-allreduce", startedAllreduce),
    Check("started-and-blocking", startedAndBlocking),
    Check("broadcast-every-root", broadcastEveryRoot),
    Check("barrier", barrier),
    Check("reduce-scatter-and-allgather", reduceScatterAndAllgather),
    Check("summed-gradient", summedGradient),
    Check("identical-parameters", identicalParameters),
    Check("shared-update", sharedUpdate),
    Check("global-step", globalStep),
    Check("lbfgs-across-ranks", lbfgsAcrossRanks),
    Check("stop-on-one-rank", stopOnOneRank),
    Check("lbfgs-stop-and-resume", lbfgsStopAndResume),
]

/// Runs the mode the arguments name (`checks` by default); returns the
/// exit status.
func main(_ arguments: [String], checks: [Check]) -> Int32 {
    let failing: Int?
    var timedCount: Int?
    switch arguments.count {
    case 0: failing = nil
    case 2 where arguments[0] == "fail-on-rank" && Int(arguments[1]) != nil:
        failing = Int(arguments[1])
    case 2 where arguments[0] == "time-allreduce" && Int(arguments[1]) != nil:
        (failing, timedCount) = (nil, Int(arguments[1]))
    default:
        printError("usage: perceptron-mpi-check [fail-on-rank K | time-allreduce N]")
        return 2
    }
    do {
        let communicator = try MPIEnvironment.initialize()
        if let timedCount {
            try timeAllreduce(count: timedCount, communicator)
            try MPIEnvironment.finalize()
            return 0
        }
        if let failing {
            guard (0..<communicator.size).contains(failing) else {
                printError("fail-on-rank \(failing): no such rank of \(communicator.size)")
                try MPIEnvironment.finalize()
                return 2
            }
            try failOnRank(failing, communicator)
        }
        let passed = try runChecks(checks, on: communicator)
        try MPIEnvironment.finalize()
        return passed ? 0 : 1
    } catch {
        printError("perceptron-mpi-check: \(error)")
        return 1
    }
}

exit(main(Array(CommandLine.arguments.dropFirst()), checks: checks))
