import Optimizers
import Tensor
import Testing

/// Nonlinear CG on quadratics, where with exact steps every formula is
/// linear CG; Rosenbrock's function is in `SecondOrderRosenbrockTests`.
@Suite("Nonlinear conjugate gradient")
struct ConjugateGradientTests {
    @Test(
        "With exact steps every formula finishes an SPD quadratic in at most n iterations",
        arguments: ConjugateGradientFormula.allCases, [5, 12, 20])
    func finiteTermination(formula: ConjugateGradientFormula, n: Int) {
        let quadratic = SPDQuadratic<Double>(dimension: n, seed: UInt64(100 + n))
        var objective = quadratic.objective
        // CG loses conjugacy to rounding faster than BFGS: at n = 20 the
        // gradient norm falls from 1e-5 to 1e-9 at the 20th step (BFGS: 1e-13).
        let cg = NonlinearConjugateGradient<Double>(
            options: .init(
                stopping: StoppingCriteria(gradientTolerance: 1e-8, relativeDecreaseTolerance: 0),
                lineSearch: quadratic.exactLineSearch, formula: formula,
                orthogonalityThreshold: .infinity))
        let result = cg.minimize(&objective, from: [Double](repeating: 0, count: n))
        #expect(result.status == .convergedByGradientNorm)
        #expect(result.iterations <= n, "\(result.iterations) iterations")
    }

    @Test("The strong Wolfe search with c2 = 0.1 is the default; restarts are options")
    func options() {
        let options = NonlinearConjugateGradient<Double>.Options()
        guard case .strongWolfe(let search) = options.lineSearch else {
            Issue.record("not strong Wolfe")
            return
        }
        #expect(search.curvature == 0.1 && search.sufficientDecrease == 1e-4)
        #expect(options.formula == .polakRibierePlus && options.restartInterval == nil)
        #expect(options.orthogonalityThreshold == .infinity)
        #expect(
            NonlinearConjugateGradient<Double>.Options(formula: .fletcherReeves)
                .orthogonalityThreshold == 0.1)
    }

    @Test("Restarting every iteration is steepest descent")
    func restartEveryIteration() {
        // On f = (x^2 + 100 y^2) / 2, steepest descent zigzags: many more
        // iterations than CG's two.
        var bowl = ClosureObjective<Double>(parameterCount: 2) { w, g in
            g[0] = w[0]
            g[1] = 100 * w[1]
            return (w[0] * w[0] + 100 * w[1] * w[1]) / 2
        }
        let cg = NonlinearConjugateGradient<Double>().minimize(&bowl, from: [1, 0.1])
        let steepest = NonlinearConjugateGradient<Double>(options: .init(restartInterval: 1))
            .minimize(&bowl, from: [1, 0.1])
        #expect(cg.converged && steepest.converged)
        #expect(
            steepest.iterations > 2 * cg.iterations, "\(steepest.iterations) vs \(cg.iterations)")
    }
}
