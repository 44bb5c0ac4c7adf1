import Optimizers
import Tensor
import Testing

/// The exact Hessian of Rosenbrock's function (either form) times `v`.
private func rosenbrockHessianProduct(
    _ form: Rosenbrock<Double>.Form, at x: [Double], _ v: [Double]
) -> [Double] {
    var hv = [Double](repeating: 0, count: x.count)
    let pairs: [(Int, Int)] =
        form == .chained
        ? (0..<(x.count - 1)).map { ($0, $0 + 1) }
        : stride(from: 0, to: x.count, by: 2).map { ($0, $0 + 1) }
    for (i, j) in pairs {
        // 100 (x_j - x_i^2)^2 + (1 - x_i)^2
        let hii = 1200 * x[i] * x[i] - 400 * x[j] + 2
        let hij = -400 * x[i]
        hv[i] += hii * v[i] + hij * v[j]
        hv[j] += hij * v[i] + 200 * v[j]
    }
    return hv
}

/// The largest error of `approximate` against `exact`, relative to `||exact||_inf`.
private func relativeError(_ approximate: [Double], _ exact: [Double]) -> Double {
    let scale = exact.map(abs).max() ?? 1
    return zip(approximate, exact).map { abs($0 - $1) }.max()! / max(scale, 1e-300)
}

@Suite("Hessian-free")
struct HessianFreeTests {
    /// On a quadratic the gradient is linear, so both quotients are exact up
    /// to rounding.
    @Test(arguments: FiniteDifferenceHessianVectorProduct<Double>.Scheme.allCases)
    func productsOfAQuadraticAreExact(scheme: FiniteDifferenceHessianVectorProduct<Double>.Scheme) {
        // f = x^T A x / 2 with A = [[4, 1, 0], [1, 3, -1], [0, -1, 2]].
        let a: [[Double]] = [[4, 1, 0], [1, 3, -1], [0, -1, 2]]
        var quadratic = ClosureObjective<Double>(parameterCount: 3) { w, g in
            var f = 0.0
            for i in 0..<3 {
                g[i] = (0..<3).reduce(0) { $0 + a[i][$1] * w[$1] }
                f += w[i] * g[i] / 2
            }
            return f
        }
        let point: [Double] = [0.3, -2, 5]
        var gradient = [Double](repeating: 0, count: 3)
        _ = quadratic.valueAndGradient(at: point, gradient: &gradient)
        let v: [Double] = [1, -0.5, 2]
        var product = FiniteDifferenceHessianVectorProduct<Double>(count: 3, scheme: scheme)
        var hv = [Double](repeating: 0, count: 3)
        #expect(
            product.multiply(&quadratic, at: point, gradient: gradient, direction: v, into: &hv))
        let exact = a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(relativeError(hv, exact) < 1e-6, "\(scheme): \(hv) vs \(exact)")
        // The zero direction costs nothing and gives 0.
        #expect(
            product.multiply(
                &quadratic, at: point, gradient: gradient, direction: [0, 0, 0], into: &hv))
        #expect(hv == [0, 0, 0])
    }

    /// On Rosenbrock the forward quotient errs by O(d) and the central one by
    /// O(d^2): dividing the relative step by 10 divides the errors by about
    /// 10 and 100.
    @Test(arguments: Rosenbrock<Double>.Form.allCases)
    func productsOfRosenbrockConvergeAtTheirOrders(form: Rosenbrock<Double>.Form) {
        var rosenbrock = Rosenbrock<Double>(form, dimension: 6)
        let x: [Double] = [-1.2, 1, 0.5, 0.8, 2, -0.3]
        let v: [Double] = [0.7, -1, 0.25, 1.5, -0.4, 0.9]
        var gradient = [Double](repeating: 0, count: 6)
        _ = rosenbrock.valueAndGradient(at: x, gradient: &gradient)
        let exact = rosenbrockHessianProduct(form, at: x, v)
        func error(_ scheme: FiniteDifferenceHessianVectorProduct<Double>.Scheme, _ step: Double?)
            -> Double
        {
            var product = FiniteDifferenceHessianVectorProduct<Double>(
                count: 6, scheme: scheme, relativeStep: step)
            var hv = [Double](repeating: 0, count: 6)
            #expect(
                product.multiply(&rosenbrock, at: x, gradient: gradient, direction: v, into: &hv))
            return relativeError(hv, exact)
        }
        // The defaults: sqrt(eps) ~ 1.5e-8 and cbrt(eps) ~ 6e-6.
        #expect(error(.forward, nil) < 1e-6)
        #expect(error(.central, nil) < 1e-8)
        let forward = (error(.forward, 1e-3), error(.forward, 1e-4))
        let central = (error(.central, 1e-3), error(.central, 1e-4))
        #expect(forward.0 / forward.1 > 8 && forward.0 / forward.1 < 12, "\(forward)")
        #expect(central.0 / central.1 > 80 && central.0 / central.1 < 120, "\(central)")
        #expect(central.0 < forward.0 / 100)
    }

    /// From the standard start, with the default options (forward
    /// differences, lambda = 1), measured here:
    ///
    /// | form     |    n | iterations | evaluations | final f  |
    /// |----------|------|------------|-------------|----------|
    /// | chained  |    2 |         35 |         121 | 2.1e-21  |
    /// | chained  |  100 |        315 |       2,617 | 5.4e-20  |
    /// | chained  | 1000 |      2,401 |      22,861 | 6.2e-20  |
    /// | extended |    2 |         35 |         121 | 2.1e-21  |
    /// | extended |  100 |         35 |         120 | 5.8e-17  |
    /// | extended | 1000 |         35 |         120 | 5.8e-16  |
    ///
    /// (Evaluations count every gradient, the Hessian-vector products'
    /// included.) The chained form at n = 1000 needs many iterations because
    /// the valley's curve moves one coordinate at a time from the start; scipy
    /// Newton-CG stops there at f = 8e-4 reporting success.
    @Test(arguments: [
        (Rosenbrock<Double>.Form.chained, 2), (.chained, 100), (.chained, 1000),
        (.extended, 2), (.extended, 100), (.extended, 1000),
    ])
    func reachesTheRosenbrockMinimum(form: Rosenbrock<Double>.Form, n: Int) {
        var rosenbrock = Rosenbrock<Double>(form, dimension: n)
        let result = HessianFree<Double>().minimize(&rosenbrock, from: rosenbrock.standardStart)
        #expect(result.value < 1e-9, "\(result.status): f = \(result.value)")
        #expect(result.converged, "\(result.message)")
        #expect(result.functionEvaluations == rosenbrock.evaluations)
    }

    /// Central differences cost two gradients per product and give the same
    /// iterates up to O(d^2) instead of O(d).
    @Test func centralDifferencesConvergeToo() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 100)
        let result = HessianFree<Double>(options: .init(scheme: .central)).minimize(
            &rosenbrock, from: rosenbrock.standardStart)
        #expect(result.value < 1e-9, "\(result.status): f = \(result.value)")
        #expect(result.converged, "\(result.message)")
    }

    /// A NaN returned once, wherever it falls (in a Hessian-vector product
    /// or a trial step), is rejected and the run still converges.
    @Test(arguments: [5, 30, 31, 150])
    func survivesAnInjectedNaN(at call: Int) {
        var inner = Rosenbrock<Double>(.chained, dimension: 100)
        var calls = 0
        var poisoned = ClosureObjective<Double>(parameterCount: 100) { w, g in
            calls += 1
            var g = g
            let f = inner.valueAndGradient(at: w, gradient: &g)
            if calls == call {
                g[7] = .nan
                return .nan
            }
            return f
        }
        let result = HessianFree<Double>().minimize(&poisoned, from: inner.standardStart)
        #expect(calls > call)
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.value < 1e-9, "\(result.status): f = \(result.value)")
    }

    /// Where the objective is NaN beyond `x[0] > 1/2`, the minimum at 1 is out
    /// of reach: the run ends with a finite best point, not NaN.
    @Test func returnsTheBestFinitePointWhenStuckAtNaN() {
        var inner = Rosenbrock<Double>(.chained, dimension: 2)
        var poisoned = ClosureObjective<Double>(parameterCount: 2) { w, g in
            var g = g
            let f = inner.valueAndGradient(at: w, gradient: &g)
            return w[0] > 0.5 ? .nan : f
        }
        let result = HessianFree<Double>().minimize(&poisoned, from: [-1.2, 1])
        // Measured: 60 iterations, 1,225 evaluations, f = 0.25098 at
        // (0.5, 0.2469), converged by relative decrease at the boundary.
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.parameters[0] <= 0.5)
        #expect(result.value < 0.3, "f = \(result.value)")
        #expect(
            result.status != .iterationLimit && result.status != .evaluationLimit,
            "\(result.status)")
    }

    @Test func respectsTheEvaluationBudget() {
        for budget in [1, 2, 7, 50, 333] {
            var rosenbrock = Rosenbrock<Double>(.chained, dimension: 100)
            let options = HessianFree<Double>.Options(
                stopping: StoppingCriteria(maximumEvaluations: budget))
            let result = HessianFree(options: options).minimize(
                &rosenbrock, from: rosenbrock.standardStart)
            #expect(rosenbrock.evaluations <= budget, "budget \(budget)")
            #expect(result.functionEvaluations == rosenbrock.evaluations)
            #expect(result.status == .evaluationLimit, "budget \(budget): \(result.status)")
        }
    }

    @Test func callbackCanStopTheRun() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 2)
        var seen: [Int] = []
        var lastPoint: [Double] = []
        let result = HessianFree<Double>().minimize(&rosenbrock, from: rosenbrock.standardStart) {
            seen.append($0.iteration)
            lastPoint = $0.parameters
            return $0.iteration == 4 ? .stop : .proceed
        }
        #expect(result.parameters == lastPoint)
        #expect(result.status == .stoppedByCallback)
        #expect(result.iterations == 4)
        #expect(seen == [1, 2, 3, 4])
        #expect(result.value < 24.2)
    }

    /// Float: the default Float tolerances (gradient 1e-5, relative decrease
    /// 1e-7) and steps (sqrt(eps) ~ 3.5e-4). Measured at n = 100: chained 308
    /// iterations, 2,476 evaluations, f 7e-13; extended 32 and 105, f 2e-11.
    @Test(arguments: Rosenbrock<Float>.Form.allCases)
    func floatWorksWithFloatTolerances(form: Rosenbrock<Float>.Form) {
        var rosenbrock = Rosenbrock<Float>(form, dimension: 100)
        let result = HessianFree<Float>().minimize(&rosenbrock, from: rosenbrock.standardStart)
        #expect(result.value < 1e-5, "\(result.status): f = \(result.value)")
        #expect(result.value.isFinite)
        #expect(result.status != .nonFiniteValue && result.status != .evaluationLimit)
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
        let result = HessianFree<Double>().minimize(&poisoned, from: inner.standardStart)
        #expect(result.status == .nonFiniteValue, "\(result.status)")
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.value <= 532.5, "f = \(result.value)")
        #expect(result.functionEvaluations < 200, "\(result.iterations) iterations")
    }
}
