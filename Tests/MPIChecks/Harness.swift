import Foundation
import Perceptron
import PerceptronMPI

/// One check: a name and the function every rank runs. A check is one
/// function `(CheckContext) throws -> Void` plus one line in `checks`
/// (main.swift).
struct Check {
    let name: String
    let run: (CheckContext) throws -> Void

    init(_ name: String, _ run: @escaping (CheckContext) throws -> Void) {
        (self.name, self.run) = (name, run)
    }
}

/// What a running check sees: the communicator, and ``expect(_:_:)`` to
/// record a failed expectation.
final class CheckContext {
    let communicator: MPICommunicator
    let name: String
    /// The failed expectations on this rank.
    private(set) var failures = 0

    init(communicator: MPICommunicator, name: String) {
        (self.communicator, self.name) = (communicator, name)
    }

    var rank: Int { communicator.rank }
    var size: Int { communicator.size }

    /// Records a failure unless `condition` holds, printing "rank R: check
    /// NAME: message" on stderr (the first 10 per check and rank).
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        guard !condition else { return }
        failures += 1
        if failures <= 10 { printError("rank \(rank): check \(name): \(message())") }
    }
}

/// Writes `line` and a newline to stderr at once (mpirun forwards it).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs `checks` in order on every rank; a check fails when an expectation
/// fails (or it throws) on any rank. Rank 0 prints "mpi checks: P passed,
/// F failed (N ranks)". Returns whether every check passed.
func runChecks(_ checks: [Check], on communicator: MPICommunicator) throws -> Bool {
    var failedHere = [Double]()
    for check in checks {
        let context = CheckContext(communicator: communicator, name: check.name)
        do {
            try check.run(context)
        } catch {
            context.expect(false, "threw \(error)")
        }
        failedHere.append(context.failures > 0 ? 1 : 0)
    }
    let failedRanks = try communicator.allreduceSum(failedHere)
    let failed = failedRanks.filter { $0 > 0 }.count
    if communicator.rank == 0 {
        for (check, ranks) in zip(checks, failedRanks) where ranks > 0 {
            print("FAILED \(check.name) (on \(Int(ranks)) of \(communicator.size) ranks)")
        }
        print(
            "mpi checks: \(checks.count - failed) passed, \(failed) failed"
                + " (\(communicator.size) ranks)")
        fflush(nil)  // every stdio stream: the summary before MPI_Finalize
    }
    return failed == 0
}
