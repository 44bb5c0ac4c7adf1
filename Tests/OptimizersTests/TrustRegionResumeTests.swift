import Foundation
import Optimizers
import Tensor
import Testing

/// Trust-region Newton-CG as a ``Minimizer``: a run saved between two
/// iterations and resumed continues exactly, with exact and with
/// finite-difference products, and a malformed state is refused.
@Suite("Trust-region Newton-CG, stepped and resumed")
struct TrustRegionResumeTests {
    @Test(
        "Exact products: saved after 12 iterations and resumed, the run is the same",
        arguments: StateCoding.allCases)
    func resumesExactly(coding: StateCoding) throws {
        let resumption = try expectResumesExactly(
            TrustRegionNewtonCG<Double>(),
            objective: { Rosenbrock<Double>(.chained, dimension: 30) },
            from: Rosenbrock<Double>(.chained, dimension: 30).standardStart, after: 12,
            through: coding)
        // Saved where the radius has moved from its start (1), so that a
        // resume that lost it would show.
        #expect(resumption.saved.memory.radius == 0.0625)
        if coding == .stash { #expect(resumption.tensorNames == ["point", "gradient"]) }
    }

    @Test("Finite-difference products: saved after 5 iterations and resumed, the run is the same")
    func resumesExactlyWithDifferences() throws {
        try expectResumesExactly(
            TrustRegionNewtonCG<Double>(),
            objective: {
                TrustRegionNewtonCGTests.withoutExactProducts(.extended, dimension: 20).0
            },
            from: Rosenbrock<Double>(.extended, dimension: 20).standardStart, after: 5,
            through: .json)
    }

    @Test("The radius is the memory; a state of the wrong size or a radius <= 0 is refused")
    func wrongSize() {
        let minimizer = TrustRegionNewtonCG<Double>(options: .init(initialRadius: 0.5))
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 10)
        var state = minimizer.start(&rosenbrock, at: rosenbrock.standardStart)
        #expect(state.memory.radius == 0.5)
        minimizer.advance(&rosenbrock, &state)
        #expect(state.problem(parameterCount: 10) == nil)
        #expect(state.problem(parameterCount: 11) != nil)
        #expect(TrustRegionMemory<Double>(radius: 0).problem(parameterCount: 10) != nil)
        #expect(TrustRegionMemory<Double>(radius: .nan).problem(parameterCount: 10) != nil)
    }

    @Test("Exact products are found from the objective's type; they cost no evaluation")
    func exactProductsByType() {
        #expect(Rosenbrock<Double>.hasExactHessianVectorProducts)
        #expect(!ClosureObjective<Double>.hasExactHessianVectorProducts)
        var rosenbrock = Rosenbrock<Double>(.extended, dimension: 20)
        let exact = TrustRegionNewtonCG<Double>().minimize(
            &rosenbrock, from: rosenbrock.standardStart)
        #expect(exact.functionEvaluations == exact.iterations + 1)
        var (differences, _) = TrustRegionNewtonCGTests.withoutExactProducts(
            .extended, dimension: 20)
        let approximate = TrustRegionNewtonCG<Double>().minimize(
            &differences, from: rosenbrock.standardStart)
        #expect(approximate.functionEvaluations > approximate.iterations + 1)
    }
}
