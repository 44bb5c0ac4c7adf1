import Optimizers
import Tensor
import Testing

/// ``ClosureObjective``: the gradient buffer is zero when the closure runs,
/// and the value-only form takes forward differences.
@Suite("Closure objectives")
struct ClosureObjectiveTests {
    /// Rosenbrock's chained function of `n` variables, whose closure adds
    /// each term's gradient into `g` (`+=`), as one writes a sum of terms.
    static func accumulatingRosenbrock(n: Int) -> ClosureObjective<Double> {
        ClosureObjective(parameterCount: n) { x, g in
            var f = 0.0
            for i in 0..<(n - 1) {
                let a = x[i + 1] - x[i] * x[i]
                let b = 1 - x[i]
                f += 100 * a * a + b * b
                g[i] += -400 * x[i] * a - 2 * b
                g[i + 1] += 200 * a
            }
            return f
        }
    }

    @Test("the gradient closure starts from a zero buffer, whatever it held")
    func gradientBufferIsZeroed() {
        var objective = Self.accumulatingRosenbrock(n: 2)
        var gradient: [Double] = [7, .nan]
        let value = objective.valueAndGradient(at: [-1.2, 1.0], gradient: &gradient)
        // scipy.optimize.rosen([-1.2, 1]) = 24.2, rosen_der = [-215.6, -88].
        #expect(abs(value - 24.2) < 1e-12)
        #expect(gradient.maximumAbsoluteDifference([-215.6, -88]) < 1e-12)
        // Again at the same point: the same gradient, not twice it.
        _ = objective.valueAndGradient(at: [-1.2, 1.0], gradient: &gradient)
        #expect(gradient.maximumAbsoluteDifference([-215.6, -88]) < 1e-12)
    }

    @Test("the mini-batch closure also starts from a zero buffer")
    func miniBatchGradientBufferIsZeroed() {
        let objective = ClosureMiniBatchObjective<Double>(parameterCount: 1, batchesPerEpoch: 2) {
            batch, w, g in
            g[0] += w[0] - Double(batch)
            return 0
        }
        var gradient: [Double] = [5]
        _ = objective.valueAndGradient(onBatch: 1, at: [3.0], gradient: &gradient)
        #expect(gradient == [2])
    }

    /// The trap of issue 15, item 22: with the old buffer kept, L-BFGS saw
    /// the sum of all gradients so far and stopped far from the minimum.
    @Test("L-BFGS minimizes Rosenbrock's function written with g[i] += ...")
    func lbfgsWithAccumulatingClosure() {
        var objective = Self.accumulatingRosenbrock(n: 4)
        let start = Rosenbrock<Double>(.chained, dimension: 4).standardStart
        let result = LBFGS<Double>().minimize(&objective, from: start)
        #expect(result.converged, "\(result.status)")
        #expect(result.value < 1e-12, "f = \(result.value)")
        #expect(result.parameters.maximumAbsoluteDifference([1, 1, 1, 1]) < 1e-5)
    }

    /// `g_i = (f(x + h_i e_i) - f(x)) / h_i` with `h_i = 2^-26 s_i max(1,
    /// |x_i|)` in Double: exact for a linear function at points where every
    /// step and value is a short binary fraction.
    @Test("forward differences step 2^-26 max(1, |x_i|) away from zero, once per component")
    func forwardDifferenceSteps() {
        final class Log: @unchecked Sendable { var points: [[Double]] = [] }
        let log = Log()
        var linear = ClosureObjective<Double>(parameterCount: 2) { x in
            log.points.append(Array(x))
            return 5 * x[0] - 2 * x[1]
        }
        #expect(linear.usesFiniteDifferences)
        var gradient: [Double] = [.nan, .nan]
        let value = linear.valueAndGradient(at: [0.0, -4.0], gradient: &gradient)
        #expect(value == 8)
        #expect(gradient == [5, -2])
        // f(x), then x + 2^-26 e_0 (x_0 = 0 counts as positive), then
        // x - 4 * 2^-26 e_1 (away from zero): n + 1 values.
        let expectedPoints: [[Double]] = [[0, -4], [0x1p-26, -4], [0, -4 - 0x1p-24]]
        #expect(log.points == expectedPoints)
        #expect(linear.value(at: [1.0, 1.0]) == 3)
    }

    /// Rosenbrock's function of two variables, its gradient and the
    /// diagonal of its Hessian.
    static func rosenbrock2(_ x: Double, _ y: Double) -> (
        value: Double, gradient: [Double], curvature: [Double]
    ) {
        let a = y - x * x
        return (
            100 * a * a + (1 - x) * (1 - x),
            [-400 * x * a - 2 * (1 - x), 200 * a],
            [1200 * x * x - 400 * y + 2, 200]
        )
    }

    /// Nocedal & Wright, section 8.1: the forward difference is off by at
    /// most `(h_i / 2) |f''_ii| + 2 eps_f / h_i` (Taylor's remainder, and
    /// the error `eps_f` of each computed value). Here `f''_ii` is taken at
    /// `x` plus 1% (the step is far too short to change it more), and
    /// `eps_f = 8 u max(1, |f|)`: Rosenbrock's value is a handful of
    /// roundings.
    @Test(
        "the forward-difference gradient is within its error bound of the analytic one",
        arguments: [(-1.2, 1.0), (0.0, 0.0), (2.0, -3.0), (1.0, 1.0), (-0.5, 0.25), (30.0, 900.0)])
    func forwardDifferencesAgreeWithAnalyticGradient(x: Double, y: Double) {
        var objective = ClosureObjective<Double>(parameterCount: 2) { w in
            Self.rosenbrock2(w[0], w[1]).value
        }
        var gradient: [Double] = [0, 0]
        _ = objective.valueAndGradient(at: [x, y], gradient: &gradient)
        let exact = Self.rosenbrock2(x, y)
        let u = Double.ulpOfOne
        let valueError = 8 * u * max(1, abs(exact.value))
        for (i, xi) in [x, y].enumerated() {
            let h = u.squareRoot() * max(1, abs(xi))
            let bound = h / 2 * 1.01 * abs(exact.curvature[i]) + 2 * valueError / h
            let error = abs(gradient[i] - exact.gradient[i])
            #expect(
                error <= bound, "component \(i) at (\(x), \(y)): error \(error), bound \(bound)")
        }
    }

    /// scipy 1.17.1, `minimize(rosen, [-1.2, 1], method='L-BFGS-B',
    /// jac='2-point')`: x = (0.99999552, 0.99999103). The forward
    /// differences' truncation error `(h / 2) diag(H)` moves the stationary
    /// point by `H^-1 (h / 2) (802, 200) = (4.5e-6, 9.0e-6)` at `(1, 1)`,
    /// so `1e-5` is as close as a forward-difference gradient gets.
    @Test("L-BFGS with the value alone reaches Rosenbrock's minimum to 1e-5")
    func lbfgsWithForwardDifferences() {
        var objective = ClosureObjective<Double>(parameterCount: 2) { w in
            Self.rosenbrock2(w[0], w[1]).value
        }
        let result = LBFGS<Double>().minimize(&objective, from: [-1.2, 1])
        #expect(result.converged, "\(result.status)")
        #expect(result.value < 1e-9, "f = \(result.value)")
        #expect(
            result.parameters.maximumAbsoluteDifference([1, 1]) < 1e-5,
            "x = \(result.parameters)")
    }
}
