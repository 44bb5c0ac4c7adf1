import Foundation
import Optimizers
import Tensor
import Testing

/// A Newton run stepped with `start` and `advance`, saved between two
/// iterations and resumed, is the run that was never interrupted, and keeps
/// its saddle reports.
@Suite("Newton, stepped and resumed")
struct NewtonResumeTests {
    /// Chained Rosenbrock, n = 10: measured 26 iterations, and the Hessian
    /// of iteration 5 is not positive definite.
    static let rosenbrock = Rosenbrock<Double>(.chained, dimension: 10)

    /// Saved after any iteration `k`, plain JSON: the same iterates to the
    /// bit, the same counts, status and saddle reports.
    @Test func resumesBitForBitAfterEveryIteration() throws {
        let method = Newton<Double>()
        var objective = Self.rosenbrock
        var whole = method.start(&objective, at: objective.standardStart)
        while whole.status == nil { method.advance(&objective, &whole) }
        var again = Self.rosenbrock
        #expect(method.minimize(&again, from: again.standardStart).parameters == whole.point)
        #expect(whole.iterations == 26 && whole.status == .convergedByGradientNorm)
        #expect(whole.memory.saddleReports.map(\.iteration) == [5])
        for k in 0...whole.iterations {
            let run = try resume(
                method, { Self.rosenbrock }, from: Self.rosenbrock.standardStart, after: k)
            #expect(run.saved.iterations == k)
            expectSameRun(run.final, whole.result, "saved after \(k) iterations")
            let reports = run.final.memory.saddleReports
            #expect(reports.map(\.iteration) == [5])
            #expect(reports.first?.parameters == whole.memory.saddleReports.first?.parameters)
            #expect(reports.first?.eigenvalues == whole.memory.saddleReports.first?.eigenvalues)
        }
    }

    /// With a ``TensorStash`` on the coders, the point, the gradient and the
    /// vectors of every saddle report go into the stash.
    @Test func resumesThroughATensorStash() throws {
        let method = Newton<Double>()
        var objective = Self.rosenbrock
        let whole = method.minimize(&objective, from: objective.standardStart)
        let stash = TensorStash<Double>()
        let run = try resume(
            method, { Self.rosenbrock }, from: Self.rosenbrock.standardStart, after: 7,
            stash: stash)
        #expect(
            Set(stash.tensors.keys) == [
                "point", "gradient", "memory.saddleReports.0.parameters",
                "memory.saddleReports.0.eigenvalues",
            ])
        let report = try #require(run.saved.memory.saddleReports.first)
        #expect(stash.tensors["memory.saddleReports.0.eigenvalues"]?.scalars == report.eigenvalues)
        #expect(stash.tensors["memory.saddleReports.0.parameters"]?.shape == [10])
        expectSameRun(run.final, whole, "through a stash")
    }

    /// A checkpoint whose saddle reports do not fit the problem is reported,
    /// not trusted.
    @Test func rejectsMemoryOfTheWrongSize() throws {
        let run = try resume(
            Newton<Double>(), { Self.rosenbrock }, from: Self.rosenbrock.standardStart, after: 7)
        let memory = run.saved.memory
        #expect(memory.saddleReports.count == 1)
        #expect(run.saved.problem(parameterCount: 10) == nil)
        #expect(memory.problem(parameterCount: 9) != nil)
        #expect(run.saved.problem(parameterCount: 9) != nil)
        var short = memory
        short.saddleReports[0].eigenvalues.removeLast()
        #expect(short.problem(parameterCount: 10) != nil)
        var early = memory
        early.saddleReports[0].iteration = 0
        #expect(early.problem(parameterCount: 10) != nil)
    }
}
