import Foundation
import Optimizers
import Tensor
import Testing

/// How a state is saved in ``expectResumesExactly(_:objective:from:after:through:)``.
enum StateCoding: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// Plain `Codable`: every vector inline in the JSON.
    case json
    /// A ``TensorStash`` in the coders' `userInfo`: vectors in the stash,
    /// their names in the JSON.
    case stash

    var testDescription: String { rawValue }
}

/// The run of `minimizer` on a fresh `objective()` from `start`, uninterrupted,
/// against the same run stopped after `k` iterations, saved and decoded
/// `through` a coding, and continued (on another fresh objective) to its
/// end: the iterates must be equal to the bit, the counts and the status
/// the same. Returns the names the stash holds (empty for plain JSON).
@discardableResult
func expectResumesExactly<M: Minimizer, O: Objective<M.Scalar>>(
    _ minimizer: M, objective: () -> O, from start: [M.Scalar], after k: Int,
    through coding: StateCoding, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Set<String> {
    var whole = objective()
    var expected: [[M.Scalar]] = []
    let uninterrupted = minimizer.minimize(&whole, from: start) { report in
        expected.append(report.parameters)
        return .proceed
    }
    try #require(
        uninterrupted.iterations > k, "the run must outlast the interruption",
        sourceLocation: sourceLocation)

    var first = objective()
    var iterates: [[M.Scalar]] = []
    var state = minimizer.start(&first, at: start)
    for _ in 0..<k {
        minimizer.advance(&first, &state)
        iterates.append(state.point)
    }

    let stash = TensorStash<M.Scalar>()
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    if coding == .stash {
        encoder.userInfo[.tensorStash] = stash
        decoder.userInfo[.tensorStash] = stash
    }
    let data = try encoder.encode(state)
    var resumed = try decoder.decode(MinimizationState<M.Scalar, M.Memory>.self, from: data)
    #expect(
        resumed.problem(parameterCount: start.count) == nil, sourceLocation: sourceLocation)

    var second = objective()
    while minimizer.advance(&second, &resumed) { iterates.append(resumed.point) }
    let result = resumed.result
    #expect(iterates == expected, sourceLocation: sourceLocation)
    #expect(result.parameters == uninterrupted.parameters, sourceLocation: sourceLocation)
    #expect(result.value == uninterrupted.value, sourceLocation: sourceLocation)
    #expect(result.iterations == uninterrupted.iterations, sourceLocation: sourceLocation)
    #expect(
        result.functionEvaluations == uninterrupted.functionEvaluations,
        sourceLocation: sourceLocation)
    #expect(
        result.gradientEvaluations == uninterrupted.gradientEvaluations,
        sourceLocation: sourceLocation)
    #expect(result.status == uninterrupted.status, sourceLocation: sourceLocation)
    return Set(stash.tensors.keys)
}
