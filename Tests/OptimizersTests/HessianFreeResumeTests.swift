import Foundation
import Optimizers
import Tensor
import Testing

/// Hessian-free as a ``Minimizer``: a run saved between two iterations and
/// resumed continues exactly, and a checkpoint that does not fit is refused.
@Suite("Hessian-free, stepped and resumed")
struct HessianFreeResumeTests {
    static let rosenbrock = Rosenbrock<Double>(.chained, dimension: 2)

    /// Rosenbrock where `x[0] > 1/2` gives NaN: steps are rejected there, so
    /// the damping and the count of rejections carry over between iterations.
    static func walled() -> ClosureObjective<Double> {
        ClosureObjective(parameterCount: 2) { w, g in
            var inner = Rosenbrock<Double>(.chained, dimension: 2)
            var g = g
            let f = inner.valueAndGradient(at: w, gradient: &g)
            return w[0] > 0.5 ? .nan : f
        }
    }

    @Test("Saved after any of its 35 iterations on Rosenbrock and resumed, the run is the same")
    func resumesAfterEveryIteration() throws {
        var objective = Self.rosenbrock
        let whole = HessianFree<Double>().minimize(&objective, from: objective.standardStart)
        #expect(whole.iterations == 35 && whole.converged)
        for k in 0...whole.iterations {
            try expectResumesExactly(
                HessianFree<Double>(), objective: { Self.rosenbrock },
                from: Self.rosenbrock.standardStart, after: k, through: .json)
        }
    }

    @Test(
        "Saved anywhere among rejected steps and resumed, the damping, the rejections in a row and the give-up are the same"
    )
    func resumesThroughRejectedSteps() throws {
        let method = HessianFree<Double>(
            options: .init(maximumBacktracks: 1, maximumConsecutiveRejections: 2))
        var objective = Self.walled()
        var stepLengths: [Double] = []
        let whole = method.minimize(&objective, from: [-1.2, 1]) {
            stepLengths.append($0.stepLength)
            return .proceed
        }
        // Measured: 4 iterations, the last two rejected, then the run gives up.
        #expect(whole.status == .lineSearchFailure)
        #expect(stepLengths.count == whole.iterations && stepLengths.suffix(2) == [0, 0])
        for k in 0...whole.iterations {
            try expectResumesExactly(
                method, objective: Self.walled, from: [-1.2, 1], after: k, through: .json)
        }
    }

    @Test(
        "Through a stash, the point and the gradient are tensors the JSON names; the memory holds none"
    )
    func resumesThroughATensorStash() throws {
        let run = try expectResumesExactly(
            HessianFree<Double>(), objective: { Self.rosenbrock },
            from: Self.rosenbrock.standardStart, after: 10, through: .stash)
        #expect(run.tensorNames == ["point", "gradient"])
        #expect(run.tensors["point"]?.scalars == run.saved.point)
        #expect(run.tensors["point"]?.shape == [2])
        let header = String(decoding: run.json, as: UTF8.self)
        #expect(header.contains("\"point\":\"point\""), "\(header)")
        #expect(run.saved.memory.damping > 0)
    }

    @Test(
        "A state of the wrong size, a negative or NaN damping, or a negative rejection count is refused"
    )
    func rejectsMemoryThatDoesNotFit() throws {
        let saved = try expectResumesExactly(
            HessianFree<Double>(), objective: { Self.rosenbrock },
            from: Self.rosenbrock.standardStart, after: 1, through: .json
        ).saved
        #expect(saved.problem(parameterCount: 3) != nil)
        var memory = saved.memory
        memory.damping = -1
        #expect(memory.problem(parameterCount: 2) != nil)
        memory.damping = .nan
        #expect(memory.problem(parameterCount: 2) != nil)
        memory = saved.memory
        memory.consecutiveRejections = -1
        #expect(memory.problem(parameterCount: 2) != nil)
    }
}
