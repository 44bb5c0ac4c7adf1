import Optimizers
import Tensor
import Testing

/// BFGS and L-BFGS on quadratics, with non-finite values, callbacks and
/// limits; Rosenbrock's function is in `RosenbrockTests`.
@Suite("Quasi-Newton methods")
struct QuasiNewtonTests {
    @Test(
        "BFGS with exact steps finishes an SPD quadratic in at most n iterations",
        arguments: [5, 10, 20])
    func bfgsFiniteTermination(n: Int) {
        let quadratic = SPDQuadratic<Double>(dimension: n, seed: UInt64(n))
        var objective = quadratic.objective
        let bfgs = BFGS<Double>(
            options: .init(
                stopping: StoppingCriteria(gradientTolerance: 1e-10, relativeDecreaseTolerance: 0),
                lineSearch: quadratic.exactLineSearch))
        let result = bfgs.minimize(&objective, from: [Double](repeating: 0, count: n))
        #expect(result.status == .convergedByGradientNorm)
        #expect(result.iterations <= n, "\(result.iterations) iterations for n = \(n)")
        // A x = b at the result.
        var residual = quadratic.b
        BLAS.gemv(quadratic.a, result.parameters, alpha: 1, beta: -1, into: &residual)
        #expect(BLAS.nrm2(residual) <= 1e-9)
    }

    @Test("L-BFGS recovers the minimum of a quadratic of condition 1e4")
    func lbfgsIllConditioned() {
        let n = 100
        let curvatures = (0..<n).map { powerOfTen(4 * Double($0) / Double(n - 1)) }
        let minimizer = (0..<n).map { Double($0 % 7) - 3 }
        var objective = ClosureObjective<Double>(parameterCount: n) { x, g in
            var f = 0.0
            for i in 0..<n {
                let e = x[i] - minimizer[i]
                g[i] = curvatures[i] * e
                f += curvatures[i] * e * e / 2
            }
            return f
        }
        let result = LBFGS<Double>().minimize(&objective, from: [Double](repeating: 0, count: n))
        #expect(result.converged, "\(result.status)")
        let error = zip(result.parameters, minimizer).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-6, "max error \(error) after \(result.iterations) iterations")
    }

    /// Rosenbrock's chained function that returns NaN on chosen evaluations.
    static func poisoned(
        n: Int, where poison: @escaping @Sendable (Int) -> Bool, gradientOnly: Bool = false
    ) -> (ClosureObjective<Double>, EvaluationLog<Double>) {
        let log = EvaluationLog<Double>()
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: n)
        let objective = ClosureObjective<Double>(parameterCount: n) { x, g in
            var gradient = g
            var f = rosenbrock.valueAndGradient(at: x, gradient: &gradient)
            if poison(log.count + 1) {
                if !gradientOnly { f = .nan }
                g[n / 2] = .nan
            }
            log.values.append(f)
            return f
        }
        return (objective, log)
    }

    @Test("A NaN injected on the 30th evaluation does not make L-BFGS return NaN")
    func nanInjectedOnce() {
        for gradientOnly in [false, true] {
            var (objective, log) = Self.poisoned(
                n: 100, where: { $0 == 30 }, gradientOnly: gradientOnly)
            let start = Rosenbrock<Double>(.chained, dimension: 100).standardStart
            let result = LBFGS<Double>().minimize(&objective, from: start)
            #expect(log.values[29].isNaN == !gradientOnly)
            #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
            #expect(result.gradient.allSatisfy { $0.isFinite })
            // It recovers: one shorter step, and the run goes on.
            #expect(result.converged && result.value < 1e-9, "\(result.status)")
        }
    }

    @Test(
        "NaN from the 30th evaluation on: the best finite iterate, status nonFiniteValue",
        arguments: SearchMethod.allCases)
    func nanForever(method: SearchMethod) {
        var (objective, log) = Self.poisoned(n: 100, where: { $0 >= 30 })
        let start = Rosenbrock<Double>(.chained, dimension: 100).standardStart
        let result = method.minimize(&objective, from: start)
        #expect(result.status == .nonFiniteValue)
        #expect(result.value.isFinite && result.parameters.allSatisfy { $0.isFinite })
        #expect(result.value == log.values.filter { $0.isFinite }.min())
        #expect(result.functionEvaluations == log.count)
    }

    @Test("A NaN at the start stops at once")
    func nanAtStart() {
        var (objective, _) = Self.poisoned(n: 4, where: { _ in true })
        let result = LBFGS<Double>().minimize(&objective, from: [1, 2, 3, 4])
        #expect(result.status == .nonFiniteValue && result.iterations == 0)
        #expect(result.parameters == [1, 2, 3, 4])
    }

    @Test(
        "The callback sees every iteration and can stop the run",
        arguments: SearchMethod.allCases)
    func callbackStops(method: SearchMethod) {
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 10)
        var seen: [Int] = []
        var lastValue = Double.infinity
        var lastPoint: [Double] = []
        var probe = rosenbrock
        let result = method.minimize(&rosenbrock, from: rosenbrock.standardStart) { report in
            seen.append(report.iteration)
            #expect(report.value < lastValue && report.stepLength > 0)
            // The report carries the iterate whose value it gives.
            #expect(probe.value(at: report.parameters) == report.value)
            lastValue = report.value
            lastPoint = report.parameters
            return report.iteration == 5 ? .stop : .proceed
        }
        #expect(result.status == .stoppedByCallback && result.iterations == 5)
        #expect(seen == [1, 2, 3, 4, 5] && result.value == lastValue)
        #expect(result.parameters == lastPoint)
    }

    @Test("The evaluation limit is never exceeded", arguments: SearchMethod.allCases)
    func evaluationLimit(method: SearchMethod) {
        for limit in [1, 2, 17, 57] {
            var rosenbrock = Rosenbrock<Double>(.chained, dimension: 100)
            let result = method.minimize(
                &rosenbrock, from: rosenbrock.standardStart,
                stopping: StoppingCriteria(maximumEvaluations: limit))
            #expect(result.status == .evaluationLimit)
            #expect(rosenbrock.evaluations == result.functionEvaluations)
            #expect(result.functionEvaluations <= limit && result.gradientEvaluations <= limit)
        }
        var rosenbrock = Rosenbrock<Double>(.chained, dimension: 100)
        let result = method.minimize(
            &rosenbrock, from: rosenbrock.standardStart,
            stopping: StoppingCriteria(maximumIterations: 7))
        #expect(result.status == .iterationLimit && result.iterations == 7)
    }
}
