import Foundation
import Optimizers
import Tensor
import Testing

/// BFGS, L-BFGS and nonlinear CG stepped one iteration at a time: `start`
/// and `advance` are `minimize` cut into pieces, and a state coded between
/// two iterations continues with the same iterates, to the bit.
@Suite("Search-direction minimizers, stepped and resumed")
struct SearchDirectionResumeTests {
    /// Runs `minimizer` on chained Rosenbrock (n = 20) for `total`
    /// iterations in one piece, and again with the state sent through
    /// `code` after `cut` iterations; returns both final states.
    static func runs<M: Minimizer<Double>>(
        _ minimizer: M, cut: Int, total: Int,
        code: (MinimizationState<Double, M.Memory>) throws -> MinimizationState<Double, M.Memory>
    ) throws -> (
        whole: MinimizationState<Double, M.Memory>, resumed: MinimizationState<Double, M.Memory>
    ) {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 20)
        var whole = minimizer.start(&rosenbrock, at: rosenbrock.standardStart)
        while whole.iterations < total, whole.status == nil {
            minimizer.advance(&rosenbrock, &whole)
        }
        var resumed = minimizer.start(&rosenbrock, at: rosenbrock.standardStart)
        while resumed.iterations < cut { minimizer.advance(&rosenbrock, &resumed) }
        resumed = try code(resumed)
        while resumed.iterations < total, resumed.status == nil {
            minimizer.advance(&rosenbrock, &resumed)
        }
        return (whole, resumed)
    }

    /// A JSON round trip; with a stash, the vectors travel beside the text.
    static func roundTrip<State: Codable>(_ state: State, stash: TensorStash<Double>?) throws
        -> State
    {
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        if let stash {
            encoder.userInfo[.tensorStash] = stash
            decoder.userInfo[.tensorStash] = stash
        }
        return try decoder.decode(State.self, from: try encoder.encode(state))
    }

    static func expectSame<Memory>(
        _ whole: MinimizationState<Double, Memory>, _ resumed: MinimizationState<Double, Memory>
    ) {
        #expect(whole.status == nil, "the run must still be going at the end")
        #expect(resumed.point == whole.point)
        #expect(resumed.gradient == whole.gradient)
        #expect(resumed.value == whole.value)
        #expect(resumed.iterations == whole.iterations)
        #expect(resumed.functionEvaluations == whole.functionEvaluations)
    }

    @Test("L-BFGS coded after 15 iterations ends on the same bits, with or without a stash")
    func lbfgs() throws {
        let lbfgs = LBFGS<Double>(options: .init(historySize: 5))
        for stash in [nil, TensorStash<Double>()] {
            let (whole, resumed) = try Self.runs(lbfgs, cut: 15, total: 40) {
                try Self.roundTrip($0, stash: stash)
            }
            Self.expectSame(whole, resumed)
            if let stash {
                #expect(stash.tensors["memory.rule.steps"]?.shape == [5, 20])
                #expect(stash.tensors["point"]?.shape == [20])
            }
        }
    }

    @Test("BFGS keeps its n x n matrix, CG its direction and beta, through a round trip")
    func bfgsAndCG() throws {
        let stash = TensorStash<Double>()
        let (bfgsWhole, bfgsResumed) = try Self.runs(BFGS<Double>(), cut: 10, total: 30) {
            try Self.roundTrip($0, stash: stash)
        }
        Self.expectSame(bfgsWhole, bfgsResumed)
        #expect(stash.tensors["memory.rule.inverseHessian"]?.shape == [20, 20])
        let cg = NonlinearConjugateGradient<Double>()
        let (cgWhole, cgResumed) = try Self.runs(cg, cut: 10, total: 30) {
            try Self.roundTrip($0, stash: nil)
        }
        Self.expectSame(cgWhole, cgResumed)
    }

    @Test("without its memory the run takes other iterates: the test above can fail")
    func memoryMatters() throws {
        let lbfgs = LBFGS<Double>()
        let (whole, forgetful) = try Self.runs(lbfgs, cut: 15, total: 40) { state in
            var state = state
            state.memory = lbfgs.freshMemory(parameterCount: 20)
            return state
        }
        #expect(forgetful.point != whole.point)
    }

    @Test("minimize is start and advance: the same result and counts")
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

    @Test("decoded memory of the wrong size is named, not trusted")
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

    @Test("a tensor value's shape: vectors, lists of vectors, matrices; ragged lists refused")
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
