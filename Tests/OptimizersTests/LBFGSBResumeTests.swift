import Foundation
import Optimizers
import Tensor
import Testing

/// L-BFGS-B as a ``Minimizer``: a run saved between two iterations and
/// resumed continues exactly, and malformed memory is refused.
@Suite("L-BFGS-B, stepped and resumed")
struct LBFGSBResumeTests {
    /// Chained Rosenbrock, n = 60, with every third variable in [-2, 0.5].
    static let bounded = LBFGSB<Double>(bounds: LBFGSBTests.everyThirdBounded(n: 60))

    @Test(
        "Saved after 15 iterations (the ring of 10 pairs has wrapped) and resumed, the run is the same",
        arguments: StateCoding.allCases)
    func resumesExactly(coding: StateCoding) throws {
        let names = try expectResumesExactly(
            Self.bounded, objective: { Rosenbrock<Double>(.chained, dimension: 60) },
            from: Rosenbrock<Double>(.chained, dimension: 60).standardStart, after: 15,
            through: coding
        ).tensorNames
        if coding == .stash {
            #expect(
                names.isSuperset(of: [
                    "point", "gradient", "memory.matrix.steps", "memory.matrix.gradientChanges",
                    "memory.matrix.stepProducts", "memory.matrix.crossProducts",
                ]), "\(names)")
        }
    }

    @Test("Without bounds, saved after 12 iterations and resumed, the run is the same")
    func resumesExactlyWithoutBounds() throws {
        try expectResumesExactly(
            LBFGSB<Double>(), objective: { Rosenbrock<Double>(.extended, dimension: 20) },
            from: Rosenbrock<Double>(.extended, dimension: 20).standardStart, after: 12,
            through: .json)
    }

    @Test("Memory for another number of parameters is refused")
    func wrongSize() throws {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 60)
        var state = Self.bounded.start(&rosenbrock, at: rosenbrock.standardStart)
        for _ in 0..<3 { Self.bounded.advance(&rosenbrock, &state) }
        #expect(state.memory.pairCount == 3)
        #expect(state.memory.problem(parameterCount: 60) == nil)
        #expect(state.memory.problem(parameterCount: 59) != nil)
        #expect(state.problem(parameterCount: 61) != nil)
        #expect(Self.bounded.freshMemory(parameterCount: 60).problem(parameterCount: 61) != nil)
    }

    @Test("Memory inconsistent in itself fails to decode instead of crashing")
    func inconsistentMemory() throws {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 60)
        var state = Self.bounded.start(&rosenbrock, at: rosenbrock.standardStart)
        for _ in 0..<3 { Self.bounded.advance(&rosenbrock, &state) }
        let data = try JSONEncoder().encode(state.memory)
        var json = try #require(
            JSONSerialization.jsonObject(with: data) as? [String: Any])
        var matrix = try #require(json["matrix"] as? [String: Any])
        matrix["count"] = 11  // more pairs than the 10 slots
        json["matrix"] = matrix
        let corrupted = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LBFGSBMemory<Double>.self, from: corrupted)
        }
    }
}
