import Foundation
import Optimizers
import Tensor
import Testing

/// BFGS, L-BFGS and nonlinear CG as ``Minimizer``s: `start` and `advance`
/// are `minimize` cut into pieces, a run saved between two iterations and
/// resumed continues exactly, and memory of the wrong size is refused.
@Suite("Search-direction minimizers, stepped and resumed")
struct SearchDirectionResumeTests {
    static let rosenbrock = Rosenbrock<Double>(.chained, dimension: 20)

    @Test(
        "L-BFGS saved after 15 iterations (its 5 pairs have wrapped) and resumed, the run is the same",
        arguments: StateCoding.allCases)
    func lbfgs(coding: StateCoding) throws {
        let run = try expectResumesExactly(
            LBFGS<Double>(options: .init(historySize: 5)), objective: { Self.rosenbrock },
            from: Self.rosenbrock.standardStart, after: 15, through: coding)
        if coding == .stash {
            #expect(run.tensors["memory.rule.steps"]?.shape == [5, 20])
            #expect(run.tensors["point"]?.shape == [20])
        }
    }

    @Test(
        "BFGS saved after 10 iterations, its n x n matrix in the stash, and resumed, the run is the same"
    )
    func bfgs() throws {
        let run = try expectResumesExactly(
            BFGS<Double>(), objective: { Self.rosenbrock }, from: Self.rosenbrock.standardStart,
            after: 10, through: .stash)
        #expect(run.tensors["memory.rule.inverseHessian"]?.shape == [20, 20])
    }

    @Test(
        "Nonlinear CG saved after 10 iterations and resumed, the run is the same"
    )
    func conjugateGradient() throws {
        try expectResumesExactly(
            NonlinearConjugateGradient<Double>(), objective: { Self.rosenbrock },
            from: Self.rosenbrock.standardStart, after: 10, through: .json)
    }

    @Test(
        "Resumed with fresh memory instead of its own, L-BFGS takes other iterates: the check can fail"
    )
    func memoryMatters() {
        let lbfgs = LBFGS<Double>()
        withKnownIssue("the memory of 15 iterations is lost") {
            try expectResumesExactly(
                lbfgs, objective: { Self.rosenbrock }, from: Self.rosenbrock.standardStart,
                after: 15, through: .json,
                altering: { $0.memory = lbfgs.freshMemory(parameterCount: 20) })
        }
    }

    @Test("`minimize` is `start` then `advance` to the end: the same result and counts")
    func minimizeIsAdvance() throws {
        var rosenbrock = Rosenbrock<Double>(.extended, dimension: 10)
        let lbfgs = LBFGS<Double>()
        let result = lbfgs.minimize(&rosenbrock, from: rosenbrock.standardStart)
        var state = lbfgs.start(&rosenbrock, at: rosenbrock.standardStart)
        while state.status == nil { lbfgs.advance(&rosenbrock, &state) }
        #expect(result.converged && state.status == result.status)
        #expect(state.point == result.parameters && state.iterations == result.iterations)
        #expect(state.functionEvaluations == result.functionEvaluations)
    }

    @Test("Memory of the wrong size is named in the problem, not trusted")
    func wrongSizes() throws {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 20)
        let lbfgs = LBFGS<Double>(options: .init(historySize: 3))
        var state = lbfgs.start(&rosenbrock, at: rosenbrock.standardStart)
        for _ in 0..<5 { lbfgs.advance(&rosenbrock, &state) }
        #expect(state.problem(parameterCount: 20) == nil)
        #expect(state.problem(parameterCount: 21)?.contains("21 parameters") == true)
        var shortDirection = state
        shortDirection.memory.direction = [1, 2]
        #expect(shortDirection.problem(parameterCount: 20)?.contains("direction") == true)
        let bfgs = BFGS<Double>()
        let fresh = bfgs.freshMemory(parameterCount: 4)
        #expect(fresh.problem(parameterCount: 5)?.contains("direction has 4 values") == true)
        #expect(fresh.rule.problem(parameterCount: 5)?.contains("4 x 4") == true)
    }

    @Test("A tensor value's shape: vectors, lists of vectors, matrices; ragged lists refused")
    func tensorShapes() throws {
        #expect([1.0, 2, 3].tensorShape == [3])
        #expect([[1.0, 2], [3, 4], [5, 6]].tensorShape == [3, 2])
        #expect(Matrix<Double>(rows: 2, columns: 3).tensorShape == [2, 3])
        #expect(
            [[Double]](scalars: [1, 2, 3, 4, 5, 6], shape: [3, 2]) == [[1, 2], [3, 4], [5, 6]])
        #expect([[Double]](scalars: [1, 2, 3], shape: [2, 2]) == nil)
        #expect([[Double]](scalars: [], shape: [1 << 60, 0]) == nil)
        #expect(Matrix<Double>(scalars: [1, 2], shape: [1 << 62, 4]) == nil)

        struct Ragged: Codable { @StoredAsTensor var rows: [[Double]] }
        let encoder = JSONEncoder()
        encoder.userInfo[.tensorStash] = TensorStash<Double>()
        #expect(throws: EncodingError.self) {
            try encoder.encode(Ragged(rows: [[1, 2], [3]]))
        }
    }
}
