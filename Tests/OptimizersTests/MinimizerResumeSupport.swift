import Foundation
import Optimizers
import Tensor
import Testing

/// A run saved between two iterations and resumed in a "new process": the
/// state stepped `k` times on one objective, encoded, decoded, and stepped
/// to its end on a fresh objective.
struct ResumedRun<Scalar: BLASScalar, Memory: MinimizerMemory> {
    /// The state as decoded after `k` iterations.
    var saved: MinimizationState<Scalar, Memory>
    /// The state at the end of the resumed run.
    var final: MinimizationState<Scalar, Memory>
    /// The JSON of the saved state.
    var json: Data
}

/// Steps `method` from `start` `k` times on `makeObjective()`, round-trips
/// the state through `JSONEncoder` and `JSONDecoder` (through `stash` when
/// one is given, set on both), and steps the decoded state to its end on a
/// second `makeObjective()`.
func resume<M: Minimizer, O: Objective<M.Scalar>>(
    _ method: M, _ makeObjective: () -> O, from start: [M.Scalar], after k: Int,
    stash: TensorStash<M.Scalar>? = nil
) throws -> ResumedRun<M.Scalar, M.Memory> {
    var before = makeObjective()
    var state = method.start(&before, at: start)
    for _ in 0..<k { method.advance(&before, &state) }
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    if let stash {
        encoder.userInfo[.tensorStash] = stash
        decoder.userInfo[.tensorStash] = stash
    }
    let json = try encoder.encode(state)
    let saved = try decoder.decode(MinimizationState<M.Scalar, M.Memory>.self, from: json)
    var after = makeObjective()
    var resumed = saved
    while resumed.status == nil { method.advance(&after, &resumed) }
    return ResumedRun(saved: saved, final: resumed, json: json)
}

/// Expects `resumed` to end where the uninterrupted `whole` did, to the bit,
/// with the same counts and status.
func expectSameRun<Scalar: BLASScalar, Memory: MinimizerMemory>(
    _ resumed: MinimizationState<Scalar, Memory>, _ whole: MinimizationResult<Scalar>,
    _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = resumed.result
    #expect(result.parameters == whole.parameters, comment, sourceLocation: sourceLocation)
    #expect(result.gradient == whole.gradient, comment, sourceLocation: sourceLocation)
    #expect(result.value == whole.value, comment, sourceLocation: sourceLocation)
    #expect(result.iterations == whole.iterations, comment, sourceLocation: sourceLocation)
    #expect(
        result.functionEvaluations == whole.functionEvaluations
            && result.gradientEvaluations == whole.gradientEvaluations, comment,
        sourceLocation: sourceLocation)
    #expect(result.status == whole.status, comment, sourceLocation: sourceLocation)
}
