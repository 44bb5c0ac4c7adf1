import Foundation
import Optimizers
import Tensor
import Testing

/// The strong Wolfe and backtracking line searches on one-dimensional
/// functions `phi(alpha)`, searched from 0 along `d = 1`.
@Suite("Line searches")
struct LineSearchTests {
    /// `phi` and `phi'`.
    typealias Phi = @Sendable (Double) -> (value: Double, slope: Double)

    /// Descending at 0, each with a minimizer along `alpha > 0`: the first
    /// two are More & Thuente's (1994) test functions 1 and 2.
    static let functions: [(name: String, phi: Phi)] = [
        ("-a / (a^2 + 2)", { a in (-a / (a * a + 2), (a * a - 2) / ((a * a + 2) * (a * a + 2))) }),
        (
            "(a + 0.004)^5 - 2 (a + 0.004)^4",
            { a in
                let t = a + 0.004
                return (pow(t, 5) - 2 * pow(t, 4), 5 * pow(t, 4) - 8 * pow(t, 3))
            }
        ),
        ("(a - 3)^2", { a in ((a - 3) * (a - 3), 2 * (a - 3)) }),
        ("e^a - 5 a", { a in (exp(a) - 5 * a, exp(a) - 5) }),
        ("a^4 - a", { a in (a * a * a * a - a, 4 * a * a * a - 1) }),
    ]

    /// Runs one search on `phi` and returns its result, the buffers and every
    /// value the objective returned.
    static func search(
        _ phi: @escaping Phi, method: LineSearchMethod<Double>, initialStep: Double,
        budget: Int = .max
    ) -> (LineSearchResult<Double>, LineSearchBuffers<Double>, EvaluationLog<Double>) {
        let log = EvaluationLog<Double>()
        var objective = ClosureObjective<Double>(parameterCount: 1) { x, g in
            let (value, slope) = phi(x[0])
            g[0] = slope
            log.values.append(value)
            return value
        }
        let (f0, slope0) = phi(0)
        var buffers = LineSearchBuffers<Double>(parameterCount: 1)
        let result = method.search(
            &objective, from: [0], value: f0, gradient: [slope0], direction: [1],
            initialStep: initialStep, evaluationBudget: budget, buffers: &buffers)
        return (result, buffers, log)
    }

    @Test(
        "Strong Wolfe conditions hold at the returned step",
        arguments: 0..<functions.count, [1e-3, 0.1, 1, 10, 1000])
    func strongWolfeHolds(function: Int, initialStep: Double) {
        let (name, phi) = Self.functions[function]
        let (f0, slope0) = phi(0)
        for c2 in [0.9, 0.1] {
            let wolfe = StrongWolfeLineSearch<Double>(curvature: c2)
            let (result, buffers, log) = Self.search(
                phi, method: .strongWolfe(wolfe), initialStep: initialStep)
            let alpha = result.stepLength
            let (f, slope) = phi(alpha)
            #expect(result.succeeded, "\(name), c2 = \(c2), start \(initialStep): \(result.status)")
            #expect(f <= f0 + 1e-4 * alpha * slope0, "\(name): sufficient decrease at \(alpha)")
            #expect(abs(slope) <= c2 * abs(slope0), "\(name): curvature at \(alpha)")
            #expect(buffers.point == [alpha] && result.value == f)
            #expect(buffers.gradient == [slope])
            #expect(result.evaluations == log.count && log.count <= wolfe.maximumEvaluations)
        }
    }

    @Test("Backtracking satisfies the Armijo condition", arguments: 0..<functions.count)
    func backtrackingHolds(function: Int) {
        let (name, phi) = Self.functions[function]
        let (f0, slope0) = phi(0)
        for initialStep in [1e-3, 1, 1000] {
            let (result, buffers, log) = Self.search(
                phi, method: .backtracking(BacktrackingLineSearch()), initialStep: initialStep)
            let alpha = result.stepLength
            #expect(result.succeeded, "\(name), start \(initialStep): \(result.status)")
            #expect(phi(alpha).value <= f0 + 1e-4 * alpha * slope0)
            #expect(alpha <= initialStep && buffers.point == [alpha])
            #expect(result.evaluations == log.count)
        }
    }

    @Test("The evaluation budget is never exceeded; the best point is returned on failure")
    func budget() {
        for (name, phi) in Self.functions {
            for limit in 1...4 {
                // c2 = 1e-6 is nearly an exact search: it needs more than a few evaluations.
                let strict = StrongWolfeLineSearch<Double>(
                    sufficientDecrease: 1e-7, curvature: 1e-6, maximumEvaluations: limit)
                for (method, budget) in [
                    (LineSearchMethod<Double>.strongWolfe(strict), Int.max),
                    (
                        .strongWolfe(
                            StrongWolfeLineSearch(sufficientDecrease: 1e-7, curvature: 1e-6)), limit
                    ),
                    (.backtracking(BacktrackingLineSearch(maximumEvaluations: limit)), Int.max),
                ] {
                    let (result, buffers, log) = Self.search(
                        phi, method: method, initialStep: 50, budget: budget)
                    #expect(log.count <= limit && result.evaluations == log.count, "\(name)")
                    let best = min(phi(0).value, log.values.min() ?? .infinity)
                    if !result.succeeded {
                        #expect(result.value == best, "\(name): \(result.status)")
                        #expect(phi(buffers.point[0]).value == best)
                        #expect(buffers.point == [result.stepLength])
                    }
                }
            }
        }
    }

    @Test("A NaN or infinite trial shortens the step")
    func nonFiniteShrinks() {
        let phi: Phi = { a in
            a > 2 ? (.nan, .nan) : (a > 1.5 ? .infinity : (a - 1) * (a - 1), 2 * (a - 1))
        }
        for method in [
            LineSearchMethod<Double>.strongWolfe(StrongWolfeLineSearch()),
            .backtracking(BacktrackingLineSearch()),
        ] {
            let (result, buffers, _) = Self.search(phi, method: method, initialStep: 100)
            #expect(result.succeeded && result.value.isFinite && result.stepLength <= 1.5)
            #expect(buffers.point[0].isFinite)
        }

        // NaN everywhere but the start: the start comes back, flagged.
        let (result, buffers, log) = Self.search(
            { a in a == 0 ? (1, -1) : (.nan, .nan) }, method: .strongWolfe(.init()),
            initialStep: 1)
        #expect(result.status == .nonFiniteValue && result.stepLength == 0 && result.value == 1)
        #expect(buffers.point == [0] && buffers.gradient == [-1])
        #expect(log.count == StrongWolfeLineSearch<Double>().maximumEvaluations)
    }

    @Test("An ascent direction is refused without evaluating")
    func ascent() {
        let (result, _, log) = Self.search(
            { a in (-(a - 3) * (a - 3), -2 * (a - 3)) }, method: .strongWolfe(.init()),
            initialStep: 1)
        #expect(result.status == .notDescentDirection && log.count == 0)
    }

    @Test("Float searches satisfy the strong Wolfe conditions")
    func float() {
        var objective = ClosureObjective<Float>(parameterCount: 1) { x, g in
            g[0] = 4 * x[0] * x[0] * x[0] - 1
            return x[0] * x[0] * x[0] * x[0] - x[0]
        }
        var buffers = LineSearchBuffers<Float>(parameterCount: 1)
        let result = StrongWolfeLineSearch<Float>().search(
            &objective, from: [0], value: 0, gradient: [-1], direction: [1], initialStep: 1,
            buffers: &buffers)
        let a = result.stepLength
        #expect(result.succeeded && a * a * a * a - a <= -1e-4 * a)
        #expect(abs(4 * a * a * a - 1) <= 0.9)
    }
}
