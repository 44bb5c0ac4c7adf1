import Foundation
import Optimizers
import Tensor
import Testing

/// Newton as a ``Minimizer``: a run saved between two iterations and
/// resumed continues exactly and keeps its saddle reports, and saddle
/// reports that do not fit are refused.
@Suite("Newton, stepped and resumed")
struct NewtonResumeTests {
    /// Chained Rosenbrock, n = 10: measured 26 iterations, and the Hessian
    /// of iteration 5 is not positive definite.
    static let rosenbrock = Rosenbrock<Double>(.chained, dimension: 10)

    static func resume(after k: Int, through coding: StateCoding = .json) throws
        -> Resumption<Double, NewtonMemory<Double>>
    {
        try expectResumesExactly(
            Newton<Double>(), objective: { rosenbrock }, from: rosenbrock.standardStart,
            after: k, through: coding)
    }

    @Test(
        "Saved after any of its 26 iterations and resumed, the run and its saddle report are the same"
    )
    func resumesAfterEveryIteration() throws {
        let newton = Newton<Double>()
        var objective = Self.rosenbrock
        var whole = newton.start(&objective, at: objective.standardStart)
        while newton.advance(&objective, &whole) {}
        #expect(whole.iterations == 26 && whole.status == .convergedByGradientNorm)
        let saddle = try #require(whole.memory.saddleReports.first)
        #expect(whole.memory.saddleReports.map(\.iteration) == [5])
        for k in 0...whole.iterations {
            let reports = try Self.resume(after: k).final.memory.saddleReports
            #expect(reports.map(\.iteration) == [5], "saved after \(k) iterations")
            #expect(reports.first?.parameters == saddle.parameters)
            #expect(reports.first?.eigenvalues == saddle.eigenvalues)
        }
    }

    @Test(
        "Through a stash, the point, the gradient and the vectors of every saddle report are tensors"
    )
    func resumesThroughATensorStash() throws {
        let run = try Self.resume(after: 7, through: .stash)
        #expect(
            run.tensorNames == [
                "point", "gradient", "memory.saddleReports.0.parameters",
                "memory.saddleReports.0.eigenvalues",
            ])
        let report = try #require(run.saved.memory.saddleReports.first)
        #expect(run.tensors["memory.saddleReports.0.eigenvalues"]?.scalars == report.eigenvalues)
        #expect(run.tensors["memory.saddleReports.0.parameters"]?.shape == [10])
    }

    @Test("Saddle reports of the wrong size or from before the first iteration are refused")
    func rejectsMemoryOfTheWrongSize() throws {
        let saved = try Self.resume(after: 7).saved
        #expect(saved.memory.saddleReports.count == 1)
        #expect(saved.memory.problem(parameterCount: 9) != nil)
        #expect(saved.problem(parameterCount: 9) != nil)
        var short = saved.memory
        short.saddleReports[0].eigenvalues.removeLast()
        #expect(short.problem(parameterCount: 10) != nil)
        var early = saved.memory
        early.saddleReports[0].iteration = 0
        #expect(early.problem(parameterCount: 10) != nil)
    }
}
