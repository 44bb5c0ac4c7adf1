import Optimizers
import Tensor
import Testing

/// Trust-region Newton-CG and its Steihaug-Toint subproblem solver.
@Suite("Trust-region Newton-CG")
struct TrustRegionNewtonCGTests {
    /// `H v` for a dense symmetric `H` given by rows.
    static func product(_ h: [[Double]]) -> ([Double], inout [Double]) -> Bool {
        { v, hv in
            for i in h.indices { hv[i] = zip(h[i], v).map { $0 * $1 }.reduce(0, +) }
            return true
        }
    }

    /// `q(p) = g^T p + p^T H p / 2`, computed directly.
    static func model(_ h: [[Double]], _ g: [Double], _ p: [Double]) -> Double {
        var hp = [Double](repeating: 0, count: p.count)
        _ = product(h)(p, &hp)
        return zip(g, p).map { $0 * $1 }.reduce(0, +) + zip(p, hp).map { $0 * $1 }.reduce(0, +) / 2
    }

    /// Rosenbrock's function as a ``ClosureObjective``, which has no exact
    /// products, so the finite-difference path runs; the log counts calls.
    static func withoutExactProducts(
        _ form: Rosenbrock<Double>.Form, dimension n: Int
    ) -> (ClosureObjective<Double>, EvaluationLog<Double>) {
        var rosenbrock = Rosenbrock<Double>(form, dimension: n)
        let log = EvaluationLog<Double>()
        let objective = ClosureObjective<Double>(parameterCount: n) { x, g in
            var gradient = g
            let f = rosenbrock.valueAndGradient(at: x, gradient: &gradient)
            log.values.append(f)
            return f
        }
        return (objective, log)
    }

    @Test("Negative curvature on the first direction: the step is -radius g / ||g||")
    func negativeCurvatureFirstDirection() {
        let h: [[Double]] = [[-1, 0], [0, 2]]
        let g: [Double] = [1, 0.1]  // d = -g has d^T H d = -1 + 0.02 < 0
        var solver = SteihaugConjugateGradient<Double>(count: 2)
        let outcome = solver.solve(
            gradient: g, radius: 0.5, tolerance: 1e-12, maximumIterations: 10,
            multiply: Self.product(h))
        #expect(outcome.termination == .negativeCurvature && outcome.hitsBoundary)
        #expect(outcome.products == 1)
        let norm = BLAS.nrm2(g)
        #expect(abs(solver.step[0] + 0.5 * g[0] / norm) <= 1e-15)
        #expect(abs(solver.step[1] + 0.5 * g[1] / norm) <= 1e-15)
        #expect(abs(outcome.modelChange - Self.model(h, g, solver.step)) <= 1e-14)
    }

    @Test("Negative curvature after a CG step: the lower of the two boundary points")
    func negativeCurvatureLater() {
        // Positive curvature along -g first, then the -1 eigenvalue shows.
        let h: [[Double]] = [[4, 0, 0], [0, 1, 0], [0, 0, -1]]
        let g: [Double] = [1, 1, 0.05]
        var solver = SteihaugConjugateGradient<Double>(count: 3)
        let outcome = solver.solve(
            gradient: g, radius: 10, tolerance: 1e-12, maximumIterations: 10,
            multiply: Self.product(h))
        #expect(outcome.termination == .negativeCurvature)
        #expect(outcome.products >= 2)
        #expect(abs(BLAS.nrm2(solver.step) - 10) <= 1e-12)
        #expect(abs(outcome.modelChange - Self.model(h, g, solver.step)) <= 1e-10)
        // It beats the Cauchy point on the boundary along -g.
        let cauchy = g.map { -10 * $0 / BLAS.nrm2(g) }
        #expect(outcome.modelChange < Self.model(h, g, cauchy))
    }

    @Test("A positive-definite problem inside the region is solved; a small region is hit")
    func convexSubproblem() {
        let h: [[Double]] = [[3, 1], [1, 2]]
        let g: [Double] = [1, -1]
        var solver = SteihaugConjugateGradient<Double>(count: 2)
        let inside = solver.solve(
            gradient: g, radius: 100, tolerance: 1e-13, maximumIterations: 10,
            multiply: Self.product(h))
        #expect(inside.termination == .converged && inside.products == 2)
        // H p = -g: p = (-3, 4) / 5.
        #expect(abs(solver.step[0] + 0.6) <= 1e-14 && abs(solver.step[1] - 0.8) <= 1e-14)
        let boundary = solver.solve(
            gradient: g, radius: 0.1, tolerance: 1e-13, maximumIterations: 10,
            multiply: Self.product(h))
        #expect(boundary.termination == .boundary)
        #expect(abs(BLAS.nrm2(solver.step) - 0.1) <= 1e-15)
    }

    /// The chained form takes about 4,100 iterations and 22,000 products, as
    /// scipy's trust-ncg does (4,146 iterations): some 5 s in a debug build,
    /// the extended form 0.03 s.
    @Test(
        "Exact products reach f < 1e-9 on Rosenbrock at n = 1000",
        arguments: Rosenbrock<Double>.Form.allCases)
    func rosenbrockExactProducts(form: Rosenbrock<Double>.Form) {
        var rosenbrock = Rosenbrock<Double>(form, dimension: 1000)
        let result = TrustRegionNewtonCG<Double>().minimize(
            &rosenbrock, from: rosenbrock.standardStart)
        #expect(result.converged, "\(result.status)")
        #expect(result.value < 1e-9, "f = \(result.value) after \(result.iterations) iterations")
        #expect(rosenbrock.evaluations == result.functionEvaluations)
    }

    @Test("Finite-difference products reach f < 1e-9 on extended Rosenbrock at n = 100")
    func rosenbrockFiniteDifferences() {
        var (objective, log) = Self.withoutExactProducts(.extended, dimension: 100)
        let start = Rosenbrock<Double>(.extended, dimension: 100).standardStart
        let result = TrustRegionNewtonCG<Double>().minimize(&objective, from: start)
        #expect(result.converged, "\(result.status)")
        #expect(result.value < 1e-9, "f = \(result.value)")
        #expect(log.count == result.functionEvaluations)
        // Each product is one more gradient.
        #expect(result.functionEvaluations > 2 * result.iterations)
    }

    @Test("From near a maximum the first step goes to the boundary along negative curvature")
    func leavesAMaximum() {
        // f = x^4/4 - x^2/2 + y^2/2: a maximum in x at 0, minima at x = +-1.
        var objective = ClosureObjective<Double>(parameterCount: 2) { w, g in
            g[0] = w[0] * w[0] * w[0] - w[0]
            g[1] = w[1]
            return w[0] * w[0] * w[0] * w[0] / 4 - w[0] * w[0] / 2 + w[1] * w[1] / 2
        }
        var first: [Double] = []
        let result = TrustRegionNewtonCG<Double>(options: .init(initialRadius: 0.7)).minimize(
            &objective, from: [0.1, 0]
        ) { report in
            if report.iteration == 1 { first = report.parameters }
            return .proceed
        }
        #expect(abs(first[0] - 0.8) <= 1e-15 && first[1] == 0, "the full radius towards x = 1")
        #expect(result.converged, "\(result.status)")
        #expect(abs(result.parameters[0] - 1) <= 1e-8 && abs(result.value + 0.25) <= 1e-14)
    }

    @Test("The evaluation limit is never exceeded; the callback can stop the run")
    func limits() {
        var (objective, log) = Self.withoutExactProducts(.chained, dimension: 20)
        let start = Rosenbrock<Double>(.chained, dimension: 20).standardStart
        let limited = TrustRegionNewtonCG<Double>(
            options: .init(stopping: StoppingCriteria(maximumEvaluations: 40))
        ).minimize(&objective, from: start)
        #expect(limited.status == .evaluationLimit)
        #expect(limited.functionEvaluations <= 40 && log.count <= 40)
        let stopped = TrustRegionNewtonCG<Double>().minimize(&objective, from: start) {
            $0.iteration == 2 ? .stop : .proceed
        }
        #expect(stopped.status == .stoppedByCallback && stopped.iterations == 2)
    }
}
