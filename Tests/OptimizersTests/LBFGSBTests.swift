import Optimizers
import Tensor
import Testing

/// L-BFGS-B on problems whose bound-constrained minimizer is known: the
/// KKT point, every iterate feasible, and the unconstrained case.
@Suite("L-BFGS-B")
struct LBFGSBTests {
    /// `f(x) = sum_i a_i x_i^2 / 2 - b_i x_i`, curvatures `a_i` from 1 to
    /// 100, whose minimizer over a box is the projection of the unconstrained
    /// one, `x*_i = P(b_i / a_i)` (the problem is separable).
    static func separableQuadratic(n: Int) -> (ClosureObjective<Double>, [Double], [Double]) {
        let a: [Double] = (0..<n).map { (i: Int) -> Double in
            powerOfTen(2 * Double(i) / Double(n - 1))
        }
        let b = (0..<n).map { i in a[i] * (Double(i % 5) - 2) }  // x_unc = -2 ... 2
        let objective = ClosureObjective<Double>(parameterCount: n) { x, g in
            var f = 0.0
            for i in 0..<n {
                g[i] = a[i] * x[i] - b[i]
                f += a[i] * x[i] * x[i] / 2 - b[i] * x[i]
            }
            return f
        }
        return (objective, a, b)
    }

    @Test("A separable quadratic ends at the projection of its unconstrained minimizer")
    func separableQuadraticKKTPoint() {
        let n = 60
        var (objective, a, b) = Self.separableQuadratic(n: n)
        // Bounds [-1, 1.5] on even variables, [0, inf) on odd ones: many active.
        let bounds = BoxConstraints<Double>(
            lower: (0..<n).map { $0 % 2 == 0 ? -1 : 0 },
            upper: (0..<n).map { $0 % 2 == 0 ? 1.5 : .infinity })
        let expected = (0..<n).map { i in
            min(max(b[i] / a[i], bounds.lower[i]), bounds.upper[i])
        }
        #expect(zip(expected, b).enumerated().filter { $1.0 != $1.1 / a[$0] }.count >= n / 3)
        let optimizer = LBFGSB<Double>(
            options: .init(
                stopping: StoppingCriteria(gradientTolerance: 1e-10, relativeDecreaseTolerance: 0)
            ))
        let result = optimizer.minimize(
            &objective, from: [Double](repeating: 0.5, count: n), bounds: bounds)
        #expect(result.converged, "\(result.status)")
        // The values (near -950) limit the line search to about 1e-13
        // relative, hence sqrt(1e-13) in x; scipy's L-BFGS-B stops 3e-7 away.
        let error = zip(result.parameters, expected).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-6, "max error \(error) after \(result.iterations) iterations")
    }

    @Test("A coupled quadratic (diagonal + rank 2) ends at its constructed KKT point")
    func coupledQuadraticKKTPoint() {
        var quadratic = BoundConstrainedQuadratic<Double>(dimension: 200)
        // f is near -944 at x*, so rounding hides changes below about 1e-13
        // in f, 1e-6 in x: the tolerances stop just above that floor.
        let optimizer = LBFGSB<Double>(
            options: .init(
                stopping: StoppingCriteria(
                    gradientTolerance: 1e-6, relativeDecreaseTolerance: 1e-14)))
        let result = optimizer.minimize(
            &quadratic, from: quadratic.standardStart, bounds: quadratic.bounds)
        #expect(result.converged, "\(result.status)")
        let error = zip(result.parameters, quadratic.minimizer).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-5, "max error \(error) after \(result.iterations) iterations")
        // The active set is exact: the bounds of x* are met exactly.
        let active = quadratic.minimizer.indices.filter { $0 % 4 < 2 }
        #expect(active.allSatisfy { result.parameters[$0] == quadratic.minimizer[$0] })
    }

    /// scipy 1.17's L-BFGS-B on the same problem (m = 10, its defaults):
    /// 60 iterations, 64 evaluations, f = -4636.129562600385. The issue's
    /// targets: a value no higher (1e-10 relative) in at most 1.2x the
    /// evaluations. On this problem the Cauchy search passes many
    /// breakpoints with a full memory, so it checks the breakpoint updates
    /// of f' and f'' that the Rosenbrock runs hardly reach.
    @Test("With scipy's defaults the coupled quadratic at n = 1000 meets scipy's value and budget")
    func coupledQuadraticAgainstScipy() {
        var quadratic = BoundConstrainedQuadratic<Double>(dimension: 1000)
        let result = LBFGSB<Double>().minimize(
            &quadratic, from: quadratic.standardStart, bounds: quadratic.bounds)
        let scipyValue = -4636.129562600385
        #expect(result.converged, "\(result.status)")
        #expect(result.value <= scipyValue + 1e-10 * abs(scipyValue), "f = \(result.value)")
        #expect(result.functionEvaluations <= 76, "\(result.functionEvaluations) evaluations")
    }

    @Test("Rosenbrock in 2-D with x0 <= 0.5 ends at (0.5, 0.25), f = 0.25")
    func boundedRosenbrockTwoDimensions() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 2)
        let bounds = BoxConstraints<Double>(lower: [-2, -.infinity], upper: [0.5, .infinity])
        let result = LBFGSB<Double>(
            options: .init(stopping: StoppingCriteria(gradientTolerance: 1e-9))
        ).minimize(&rosenbrock, from: rosenbrock.standardStart, bounds: bounds)
        #expect(result.converged, "\(result.status)")
        #expect(result.parameters[0] == 0.5)
        #expect(abs(result.parameters[1] - 0.25) <= 1e-9)
        #expect(abs(result.value - 0.25) <= 1e-12)
        // KKT: at the upper bound the gradient points outward (g0 = -1 < 0).
        #expect(abs(result.gradient[0] + 1) <= 1e-8 && abs(result.gradient[1]) <= 1e-8)
    }

    @Test("In Float, 2-D Rosenbrock with x0 <= 0.5 ends at (0.5, 0.25) within Float's defaults")
    func boundedRosenbrockFloat() {
        var rosenbrock = Rosenbrock<Float>(.chained, dimension: 2)
        let bounds = BoxConstraints<Float>(lower: [-2, -.infinity], upper: [0.5, .infinity])
        let result = LBFGSB<Float>().minimize(
            &rosenbrock, from: rosenbrock.standardStart, bounds: bounds)
        #expect(result.converged, "\(result.status)")
        #expect(result.parameters[0] == 0.5 && abs(result.parameters[1] - 0.25) <= 1e-3)
        #expect(abs(result.value - 0.25) <= 1e-5)
    }

    /// Bounds `[-2, 0.5]` on every third variable, none on the others (the
    /// compare-scipy problem).
    static func everyThirdBounded(n: Int) -> BoxConstraints<Double> {
        BoxConstraints(
            lower: (0..<n).map { $0 % 3 == 0 ? -2 : -.infinity },
            upper: (0..<n).map { $0 % 3 == 0 ? 0.5 : .infinity })
    }

    @Test(
        "Every iterate on chained Rosenbrock with bounds is feasible, and the end is scipy's minimum"
    )
    func everyIterateFeasible() {
        let n = 60
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: n)
        let bounds = Self.everyThirdBounded(n: n)
        var start = rosenbrock.standardStart
        start[3] = 7  // outside: projected to 0.5
        var infeasible = 0
        var reports = 0
        var values: [Double] = []
        let tight = LBFGSB<Double>(
            options: .init(
                stopping: StoppingCriteria(gradientTolerance: 1e-9, relativeDecreaseTolerance: 0)))
        let result = tight.minimize(&rosenbrock, from: start, bounds: bounds) {
            report in
            reports += 1
            values.append(report.value)
            if !bounds.contains(report.parameters) { infeasible += 1 }
            return .proceed
        }
        #expect(reports == result.iterations && reports > 10)
        #expect(infeasible == 0)
        #expect(bounds.contains(result.parameters))
        #expect(zip(values, values.dropFirst()).allSatisfy { $1 <= $0 }, "monotone values")
        #expect(result.converged, "\(result.status)")
        // scipy 1.17's L-BFGS-B with ftol = 0, gtol = 1e-9 from the same start.
        let scipyMinimum = 57.08965665370491
        #expect(abs(result.value - scipyMinimum) <= 1e-10 * scipyMinimum, "f = \(result.value)")
        #expect(result.parameters[0] == 0.5, "the bound on x0 is active")
    }

    @Test("A concave function, where every pair has s^T y < 0 and is skipped, ends at a vertex")
    func concaveSkipsEveryPair() {
        // f = -||x - c||^2 / 2 on [-1, 1]^n: y = -s for every step, so
        // s^T y = -||s||^2 and no pair may enter the memory (theta would be
        // negative). From 0 each x_i runs away from c_i to the far bound.
        let n = 10
        let c = (0..<n).map { 0.1 * Double($0) - 0.45 }
        var objective = ClosureObjective<Double>(parameterCount: n) { x, g in
            var f = 0.0
            for i in 0..<n {
                g[i] = c[i] - x[i]
                f -= (x[i] - c[i]) * (x[i] - c[i]) / 2
            }
            return f
        }
        let bounds = BoxConstraints<Double>(
            lower: [Double](repeating: -1, count: n), upper: [Double](repeating: 1, count: n))
        let result = LBFGSB<Double>().minimize(
            &objective, from: [Double](repeating: 0, count: n), bounds: bounds)
        #expect(result.status == .convergedByGradientNorm, "\(result.status)")
        #expect(result.parameters == c.map { $0 < 0 ? 1 : -1 })
    }

    @Test("A variable with equal bounds never moves; the start is projected")
    func fixedVariable() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 6)
        let bounds = BoxConstraints<Double>(
            lower: [-5, 0.3, -5, -5, -5, -5], upper: [5, 0.3, 5, 5, 5, 5])
        var seen: Set<Double> = []
        let result = LBFGSB<Double>().minimize(
            &rosenbrock, from: [9, 1, -1.2, 1, -1.2, 1], bounds: bounds
        ) { report in
            seen.insert(report.parameters[1])
            return .proceed
        }
        #expect(seen == [0.3] && result.parameters[1] == 0.3)
        #expect(result.parameters[0] <= 5)
        #expect(result.converged, "\(result.status)")
    }

    @Test(
        "With every bound infinite it reaches L-BFGS's minimizer in a similar number of evaluations"
    )
    func unboundedMatchesLBFGS() {
        let n = 40
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: n)
        let start = rosenbrock.standardStart
        let stopping = StoppingCriteria<Double>(
            gradientTolerance: 1e-8, relativeDecreaseTolerance: 0)
        let bounded = LBFGSB<Double>(options: .init(stopping: stopping)).minimize(
            &rosenbrock, from: start, bounds: .unbounded(count: n))
        var again = Rosenbrock<Double>(.chained, dimension: n)
        let plain = LBFGS<Double>(options: .init(stopping: stopping)).minimize(&again, from: start)
        #expect(bounded.converged && plain.converged)
        let distance = zip(bounded.parameters, plain.parameters).map { abs($0 - $1) }.max()!
        #expect(distance <= 1e-7)
        let ratio = Double(bounded.functionEvaluations) / Double(plain.functionEvaluations)
        #expect(
            ratio > 0.7 && ratio < 1.3,
            "\(bounded.functionEvaluations) vs \(plain.functionEvaluations)")
    }

    @Test("The callback can stop the run; the evaluation limit is never exceeded")
    func limits() {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 30)
        let bounds = Self.everyThirdBounded(n: 30)
        let stopped = LBFGSB<Double>().minimize(
            &rosenbrock, from: rosenbrock.standardStart, bounds: bounds
        ) { $0.iteration == 3 ? .stop : .proceed }
        #expect(stopped.status == .stoppedByCallback && stopped.iterations == 3)
        var counted = Rosenbrock<Double>(.chained, dimension: 30)
        let limited = LBFGSB<Double>(
            options: .init(stopping: StoppingCriteria(maximumEvaluations: 17))
        ).minimize(&counted, from: counted.standardStart, bounds: bounds)
        #expect(limited.status == .evaluationLimit)
        #expect(counted.evaluations == limited.functionEvaluations)
        #expect(limited.functionEvaluations <= 17)
    }
}
