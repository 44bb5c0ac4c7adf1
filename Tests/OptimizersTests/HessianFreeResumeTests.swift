import Foundation
import Optimizers
import Tensor
import Testing

/// A Hessian-free run stepped with `start` and `advance`, saved between two
/// iterations and resumed, is the run that was never interrupted.
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

    /// Saved after any iteration `k` of the 35 on Rosenbrock (n = 2), plain
    /// JSON: the same iterates to the bit, the same counts and status.
    @Test func resumesBitForBitAfterEveryIteration() throws {
        let method = HessianFree<Double>()
        var objective = Self.rosenbrock
        let whole = method.minimize(&objective, from: objective.standardStart)
        #expect(whole.iterations == 35 && whole.converged)
        for k in 0...whole.iterations {
            let run = try resume(
                method, { Self.rosenbrock }, from: Self.rosenbrock.standardStart, after: k)
            #expect(run.saved.iterations == k)
            expectSameRun(run.final, whole, "saved after \(k) iterations")
        }
    }

    /// Through rejected steps and the give-up after
    /// ``HessianFree/Options/maximumConsecutiveRejections``: the damping,
    /// the rejections in a row and the pending status are remembered.
    @Test func resumesThroughRejectedSteps() throws {
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
            let run = try resume(method, Self.walled, from: [-1.2, 1], after: k)
            expectSameRun(run.final, whole, "saved after \(k) iterations")
        }
    }

    /// With a ``TensorStash`` on the coders, the point and the gradient go
    /// into the stash and the JSON names them; the memory holds no vector.
    @Test func resumesThroughATensorStash() throws {
        let method = HessianFree<Double>()
        var objective = Self.rosenbrock
        let whole = method.minimize(&objective, from: objective.standardStart)
        let stash = TensorStash<Double>()
        let run = try resume(
            method, { Self.rosenbrock }, from: Self.rosenbrock.standardStart, after: 10,
            stash: stash)
        #expect(Set(stash.tensors.keys) == ["point", "gradient"])
        #expect(stash.tensors["point"]?.scalars == run.saved.point)
        #expect(stash.tensors["point"]?.shape == [2])
        let header = try #require(String(data: run.json, encoding: .utf8))
        #expect(header.contains("\"point\":\"point\""), "\(header)")
        #expect(run.saved.memory.damping > 0)
        expectSameRun(run.final, whole, "through a stash")
    }

    /// A checkpoint that does not fit is reported, not trusted.
    @Test func rejectsMemoryThatDoesNotFit() throws {
        let method = HessianFree<Double>()
        var objective = Self.rosenbrock
        var state = method.start(&objective, at: objective.standardStart)
        method.advance(&objective, &state)
        let json = try JSONEncoder().encode(state)
        let decoded = try JSONDecoder().decode(
            MinimizationState<Double, HessianFreeMemory<Double>>.self, from: json)
        #expect(decoded.problem(parameterCount: 2) == nil)
        // A point of the wrong size.
        #expect(decoded.problem(parameterCount: 3) != nil)
        // The memory itself has no size, but its numbers must make sense.
        var memory = decoded.memory
        memory.damping = -1
        #expect(memory.problem(parameterCount: 2) != nil)
        memory.damping = .nan
        #expect(memory.problem(parameterCount: 2) != nil)
        memory = decoded.memory
        memory.consecutiveRejections = -1
        #expect(memory.problem(parameterCount: 2) != nil)
    }
}
