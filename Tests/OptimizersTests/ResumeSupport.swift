import Foundation
import Optimizers
import Tensor
import Testing

/// How a state is saved in ``expectResumesExactly(_:objective:from:after:through:altering:sourceLocation:)``.
enum StateCoding: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// Plain `Codable`: every vector inline in the JSON.
    case json
    /// A ``TensorStash`` in the coders' `userInfo`: vectors in the stash,
    /// their names in the JSON.
    case stash

    var testDescription: String { rawValue }
}

/// A run saved between two iterations and resumed to its end.
struct Resumption<Scalar: BLASScalar, Memory: MinimizerMemory> {
    /// The state as decoded.
    var saved: MinimizationState<Scalar, Memory>
    /// The resumed state at the end of the run.
    var final: MinimizationState<Scalar, Memory>
    /// The JSON of the saved state.
    var json: Data
    /// What the stash holds, by name (nothing for plain JSON).
    var tensors: [String: (scalars: [Scalar], shape: [Int])]

    var tensorNames: Set<String> { Set(tensors.keys) }
}

/// The run of `minimizer` on a fresh `objective()` from `start`, uninterrupted,
/// against the same run stopped after `k` iterations, saved and decoded
/// `through` a coding, checked to fit, `altering` applied (nothing by
/// default), and continued (on another fresh objective) to its end: the
/// iterates must be equal to the bit, the counts and the status the same.
@discardableResult
func expectResumesExactly<M: Minimizer, O: Objective<M.Scalar>>(
    _ minimizer: M, objective: () -> O, from start: [M.Scalar], after k: Int,
    through coding: StateCoding,
    altering alter: (inout MinimizationState<M.Scalar, M.Memory>) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Resumption<M.Scalar, M.Memory> {
    var whole = objective()
    var expected: [[M.Scalar]] = []
    let uninterrupted = minimizer.minimize(&whole, from: start) { report in
        expected.append(report.parameters)
        return .proceed
    }
    try #require(
        uninterrupted.iterations >= k, "the run must last until the interruption",
        sourceLocation: sourceLocation)

    var first = objective()
    var iterates: [[M.Scalar]] = []
    var state = minimizer.start(&first, at: start)
    while state.iterations < k, minimizer.advance(&first, &state) { iterates.append(state.point) }

    let stash = TensorStash<M.Scalar>()
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    if coding == .stash {
        encoder.userInfo[.tensorStash] = stash
        decoder.userInfo[.tensorStash] = stash
    }
    let json = try encoder.encode(state)
    let saved = try decoder.decode(MinimizationState<M.Scalar, M.Memory>.self, from: json)
    #expect(saved.problem(parameterCount: start.count) == nil, sourceLocation: sourceLocation)

    var second = objective()
    var resumed = saved
    alter(&resumed)
    while minimizer.advance(&second, &resumed) { iterates.append(resumed.point) }
    let result = resumed.result
    #expect(iterates == expected, sourceLocation: sourceLocation)
    #expect(result.parameters == uninterrupted.parameters, sourceLocation: sourceLocation)
    #expect(result.gradient == uninterrupted.gradient, sourceLocation: sourceLocation)
    #expect(result.value == uninterrupted.value, sourceLocation: sourceLocation)
    #expect(result.iterations == uninterrupted.iterations, sourceLocation: sourceLocation)
    #expect(
        result.functionEvaluations == uninterrupted.functionEvaluations,
        sourceLocation: sourceLocation)
    #expect(
        result.gradientEvaluations == uninterrupted.gradientEvaluations,
        sourceLocation: sourceLocation)
    #expect(result.status == uninterrupted.status, sourceLocation: sourceLocation)
    return Resumption(saved: saved, final: resumed, json: json, tensors: stash.tensors)
}
