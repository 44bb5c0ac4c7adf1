import Optimizers
import Tensor
import Testing

/// A run of `newton` from `start` stepped to its end; its memory holds the
/// saddle reports.
private func runToTheEnd<O: Objective<Double>>(
    _ newton: Newton<Double>, _ objective: inout O, from start: [Double]
) -> MinimizationState<Double, NewtonMemory<Double>> {
    var state = newton.start(&objective, at: start)
    while state.status == nil { newton.advance(&objective, &state) }
    return state
}

@Suite("Newton")
struct NewtonTests {
    /// A quadratic `f = x^T A x / 2 - b^T x` is its own Taylor model: one
    /// Newton step lands on `A^{-1} b`.
    @Test func minimizesAQuadraticInOneStep() {
        let a: [[Double]] = [[4, 1, 0], [1, 3, -1], [0, -1, 2]]
        let b: [Double] = [1, 2, 3]
        var quadratic = ClosureObjective<Double>(parameterCount: 3) { w, g in
            var f = 0.0
            for i in 0..<3 {
                let aw = (0..<3).reduce(0) { $0 + a[i][$1] * w[$1] }
                g[i] = aw - b[i]
                f += w[i] * aw / 2 - b[i] * w[i]
            }
            return f
        }
        let newton = Newton<Double>()
        let run = runToTheEnd(newton, &quadratic, from: [10, -7, 3])
        let result = run.result
        // A^{-1} b for A above: (x, y, z) = (-1, 13, 20) / 9.
        expectClose(result.parameters, [-1.0 / 9, 13.0 / 9, 20.0 / 9], tolerance: 1e-9)
        #expect(result.iterations == 1, "\(result.iterations) iterations, \(result.status)")
        #expect(result.converged)
        #expect(run.memory.saddleReports.isEmpty)
    }

    /// Rosenbrock n = 2 from (-1.2, 1), both forms (the same function at
    /// n = 2): 21 iterations, 117 evaluations (4 per Hessian), f 3.7e-21.
    @Test(arguments: Rosenbrock<Double>.Form.allCases)
    func reachesTheRosenbrockMinimum(form: Rosenbrock<Double>.Form) {
        var rosenbrock = Rosenbrock<Double>(form, dimension: 2)
        let newton = Newton<Double>()
        let result = newton.minimize(&rosenbrock, from: rosenbrock.standardStart)
        #expect(result.value < 1e-9, "\(result.status): f = \(result.value)")
        #expect(result.converged, "\(result.message)")
        expectClose(result.parameters, [1, 1], tolerance: 1e-5)
        #expect(result.functionEvaluations == rosenbrock.evaluations)
    }

    /// The saddle `x^2 - y^2` (Hessian diag(2, -2)): the negative eigenvalue
    /// is reported from the first iteration, at the origin itself and near
    /// it, and the run leaves the saddle (f is unbounded below along y).
    @Test(arguments: [[0.0, 0.0], [1e-3, 1e-3], [0.5, -0.01]])
    func detectsTheSaddleOfXSquaredMinusYSquared(start: [Double]) {
        var saddle = ClosureObjective<Double>(parameterCount: 2) { w, g in
            g[0] = 2 * w[0]
            g[1] = -2 * w[1]
            return w[0] * w[0] - w[1] * w[1]
        }
        let newton = Newton<Double>(
            options: .init(stopping: StoppingCriteria(maximumIterations: 5)))
        let run = runToTheEnd(newton, &saddle, from: start)
        let result = run.result
        let first = try! #require(run.memory.saddleReports.first)
        #expect(first.iteration == 1)
        #expect(first.negativeEigenvalues.count == 1)
        #expect(abs(first.smallestEigenvalue + 2) < 1e-6, "\(first.eigenvalues)")
        #expect(abs(first.eigenvalues[1] - 2) < 1e-6, "\(first.eigenvalues)")
        #expect(first.shift > 2)
        #expect(!result.converged, "\(result.message)")
        #expect(result.status == .iterationLimit)
        #expect(result.value < -1, "f = \(result.value) at \(result.parameters)")
        #expect(abs(result.parameters[1]) > 1)
        #expect(result.value.isFinite)
    }

    /// `x^2 + y^4 / 4 - y^2 / 2` has a saddle at the origin and minima at
    /// `(0, +-1)`. From `(0.5, 0)` the gradient has no `y` component, so the
    /// shifted Newton steps slide into the saddle; the escape along the
    /// negative-curvature eigenvector then finds a minimum.
    @Test func leavesASaddleForTheMinimum() {
        var objective = ClosureObjective<Double>(parameterCount: 2) { w, g in
            let (x, y) = (w[0], w[1])
            g[0] = 2 * x
            g[1] = y * y * y - y
            return x * x + y * y * y * y / 4 - y * y / 2
        }
        let newton = Newton<Double>()
        let run = runToTheEnd(newton, &objective, from: [0.5, 0])
        let result = run.result
        #expect(result.converged, "\(result.message)")
        #expect(abs(result.value + 0.25) < 1e-12, "f = \(result.value)")
        #expect(abs(abs(result.parameters[1]) - 1) < 1e-6, "\(result.parameters)")
        #expect(!run.memory.saddleReports.isEmpty)
        #expect(run.memory.saddleReports.allSatisfy { $0.smallestEigenvalue < 0 })

        // Without the escape the run stops at the saddle, as plain Newton does.
        let plain = Newton<Double>(options: .init(escapesSaddles: false))
        let stuck = plain.minimize(&objective, from: [0.5, 0])
        #expect(abs(stuck.parameters[1]) < 1e-9 && abs(stuck.value) < 1e-9)
    }

    /// A NaN returned once mid-run is backtracked over, not returned.
    @Test func survivesAnInjectedNaN() {
        var inner = Rosenbrock<Double>(.chained, dimension: 2)
        var calls = 0
        var poisoned = ClosureObjective<Double>(parameterCount: 2) { w, g in
            calls += 1
            var g = g
            let f = inner.valueAndGradient(at: w, gradient: &g)
            if calls == 30 {
                g[0] = .nan
                return .nan
            }
            return f
        }
        let newton = Newton<Double>()
        let result = newton.minimize(&poisoned, from: [-1.2, 1])
        #expect(calls > 30)
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.value < 1e-9, "\(result.status): f = \(result.value)")
    }

    @Test func callbackCanStopTheRun() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 2)
        let newton = Newton<Double>()
        var seen: [Int] = []
        var lastPoint: [Double] = []
        let result = newton.minimize(&rosenbrock, from: rosenbrock.standardStart) { report in
            seen.append(report.iteration)
            lastPoint = report.parameters
            return report.iteration == 3 ? .stop : .proceed
        }
        #expect(result.parameters == lastPoint)
        #expect(result.status == .stoppedByCallback)
        #expect(result.iterations == 3)
        #expect(seen == [1, 2, 3])
    }

    @Test func floatWorksWithFloatTolerances() {
        var rosenbrock = Rosenbrock<Float>(.chained, dimension: 2)
        let newton = Newton<Float>()
        let result = newton.minimize(&rosenbrock, from: rosenbrock.standardStart)
        #expect(result.value < 1e-6, "\(result.status): f = \(result.value)")
        #expect(result.status != .nonFiniteValue && result.status != .evaluationLimit)
        expectClose(result.parameters, [1, 1], tolerance: 1e-3)
    }

    /// Each iteration costs `2 n` gradients for the Hessian plus the trials;
    /// the budget is never exceeded.
    @Test func respectsTheEvaluationBudget() {
        for budget in [1, 4, 5, 6, 40] {
            var rosenbrock = Rosenbrock<Double>(.chained, dimension: 2)
            let newton = Newton<Double>(
                options: .init(stopping: StoppingCriteria(maximumEvaluations: budget)))
            let result = newton.minimize(&rosenbrock, from: rosenbrock.standardStart)
            #expect(rosenbrock.evaluations <= budget, "budget \(budget)")
            #expect(result.functionEvaluations == rosenbrock.evaluations)
            #expect(result.status == .evaluationLimit, "budget \(budget): \(result.status)")
        }
    }

    /// NaN values and gradients everywhere from the 10th evaluation on: the run stops with
    /// ``MinimizationStatus/nonFiniteValue`` and the best finite point.
    @Test func stopsWithTheBestPointWhenEverythingIsNaN() {
        var inner = Rosenbrock<Double>(.chained, dimension: 4)
        var calls = 0
        var poisoned = ClosureObjective<Double>(parameterCount: 4) { w, g in
            calls += 1
            var g = g
            let f = inner.valueAndGradient(at: w, gradient: &g)
            if calls >= 10 { g[0] = .nan }
            return calls >= 10 ? .nan : f
        }
        let newton = Newton<Double>()
        let result = newton.minimize(&poisoned, from: inner.standardStart)
        #expect(result.status == .nonFiniteValue, "\(result.status)")
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.value <= 532.5, "f = \(result.value)")
        #expect(result.functionEvaluations < 200)
    }
}
