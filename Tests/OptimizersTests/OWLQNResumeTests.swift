import Foundation
import Optimizers
import Tensor
import Testing

/// OWL-QN as a ``Minimizer``: a run saved between two iterations and
/// resumed continues exactly, and a checkpoint of the wrong size is refused.
@Suite("OWL-QN, stepped and resumed")
struct OWLQNResumeTests {
    /// L1 logistic regression of ``OWLQNTests/logistic()``, the bias free.
    static let minimizer = OWLQN<Double>(options: .init(l1: 0.02, penalized: [0..<20]))

    @Test(
        "Saved after 6 iterations and resumed, the run is the same",
        arguments: StateCoding.allCases)
    func resumesExactly(coding: StateCoding) throws {
        let names = try expectResumesExactly(
            Self.minimizer, objective: { OWLQNTests.logistic().0 },
            from: [Double](repeating: 0, count: 21), after: 6, through: coding
        ).tensorNames
        if coding == .stash {
            #expect(
                names.isSuperset(of: [
                    "point", "gradient", "memory.history.steps", "memory.history.gradientChanges",
                ]), "\(names)")
        }
    }

    @Test("Memory for another number of parameters is refused")
    func wrongSize() {
        let memory = Self.minimizer.freshMemory(parameterCount: 21)
        #expect(memory.problem(parameterCount: 21) == nil)
        #expect(memory.problem(parameterCount: 20) != nil)
        #expect(memory.problem(parameterCount: 22) != nil)
    }
}
