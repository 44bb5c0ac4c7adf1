import Foundation
import Optimizers
import Tensor
import Testing

/// OWL-QN on L1-penalized problems: the soft-thresholded optimum of a
/// separable quadratic (exact zeros), and agreement with an independent
/// proximal-gradient solution of L1 logistic regression.
@Suite("OWL-QN")
struct OWLQNTests {
    /// `f(x) = 1/2 sum a_i (x_i - b_i)^2`.
    static func quadratic(_ a: [Double], _ b: [Double]) -> ClosureObjective<Double> {
        ClosureObjective(parameterCount: a.count) { x, g in
            var f = 0.0
            for i in x.indices {
                g[i] = a[i] * (x[i] - b[i])
                f += a[i] * (x[i] - b[i]) * (x[i] - b[i]) / 2
            }
            return f
        }
    }

    @Test("a separable quadratic reaches the soft-thresholded optimum, with exact zeros")
    func softThreshold() {
        let a = [1.0, 2, 4, 0.5, 3, 1]
        let b = [3.0, -0.2, 0.1, -5, 0.5, 0.7]
        // Coordinate 5 is not penalized: it goes to b_5.
        var objective = Self.quadratic(a, b)
        let options = OWLQN<Double>.Options(
            l1: 1, penalized: [0..<5], stopping: StoppingCriteria(gradientTolerance: 1e-13))
        var values: [Double] = []
        let result = OWLQN(options: options).minimize(
            &objective, from: [Double](repeating: 0.3, count: 6)
        ) { report in
            values.append(report.value)
            return .proceed
        }
        // x_i = sign(b_i) max(|b_i| - C / a_i, 0).
        let expected = [2.0, 0, 0, -3, 0.5 - 1.0 / 3, 0.7]
        for (x, e) in zip(result.parameters, expected) {
            #expect(abs(x - e) <= 1e-11, "\(result.parameters)")
        }
        #expect(result.parameters[1] == 0 && result.parameters[2] == 0)
        #expect(result.status.converged, "\(result.status)")
        // Every iteration lowers F.
        #expect(zip(values, values.dropFirst()).allSatisfy { $1 <= $0 }, "\(values)")
    }

    @Test("with C = 0 it is unconstrained L-BFGS's minimum")
    func noPenalty() {
        var objective = Self.quadratic([1, 2, 3], [1, -2, 0.5])
        let result = OWLQN(options: .init(l1: 0)).minimize(&objective, from: [0, 0, 0])
        for (x, e) in zip(result.parameters, [1.0, -2, 0.5]) { #expect(abs(x - e) <= 1e-9) }
    }

    /// L1 logistic regression: `f(w, b) = mean log(1 + exp(-y (x^T w + b)))`
    /// over 200 samples of 20 features, 5 of which carry the signal, labels
    /// `y = +-1`; `w` penalized, `b` not.
    static func logistic() -> (ClosureObjective<Double>, lipschitz: Double) {
        var generator = Xoshiro256StarStar(seed: 11)
        let (samples, features) = (200, 20)
        var x = [Double](repeating: 0, count: samples * features)
        x.fillNormal(mean: 0, standardDeviation: 1, using: &generator)
        let truth: [Double] = (0..<features).map { $0 < 5 ? Double($0 + 1) / 2 : 0 }
        let y: [Double] = (0..<samples).map { (r: Int) -> Double in
            let margin: Double = (0..<features).map { x[r * features + $0] * truth[$0] }.reduce(
                0, +)
            let noise: Double = .random(in: -1...1, using: &generator)
            return margin + noise > 0 ? 1 : -1
        }
        // The logistic loss's Hessian is at most X^T X / (4 n): a bound on
        // its largest eigenvalue from the Frobenius norm.
        let frobenius = x.map { $0 * $0 }.reduce(0, +) + Double(samples)
        let objective = ClosureObjective<Double>(parameterCount: features + 1) { w, g in
            for i in g.indices { g[i] = 0 }
            var f = 0.0
            for r in 0..<samples {
                var z = w[features]
                for j in 0..<features { z += x[r * features + j] * w[j] }
                let m = -y[r] * z
                f += m > 0 ? m + log1p(exp(-m)) : log1p(exp(m))
                let p = 1 / (1 + exp(-m))  // sigmoid(m): d/dz = -y p
                for j in 0..<features { g[j] -= y[r] * p * x[r * features + j] / Double(samples) }
                g[features] -= y[r] * p / Double(samples)
            }
            return f / Double(samples)
        }
        return (objective, frobenius / (4 * Double(samples)))
    }

    @Test("L1 logistic regression: the objective and the zeros of a proximal-gradient reference")
    func logisticAgainstProximalGradient() {
        let c = 0.02
        var (objective, lipschitz) = Self.logistic()
        let n = objective.parameterCount
        func penalized(_ w: [Double]) -> Double { w.dropLast().map(abs).reduce(0, +) * c }

        // Reference: FISTA (Beck & Teboulle 2009) with step 1/L, 20,000
        // iterations; the soft threshold gives exact zeros.
        var (w, previous, z) = (
            [Double](repeating: 0, count: n), [Double](repeating: 0, count: n),
            [Double](repeating: 0, count: n)
        )
        var gradient = [Double](repeating: 0, count: n)
        var t = 1.0
        for _ in 0..<20_000 {
            _ = objective.valueAndGradient(at: z, gradient: &gradient)
            previous = w
            for i in 0..<n {
                let step = z[i] - gradient[i] / lipschitz
                w[i] = i == n - 1 ? step : (step > 0 ? 1 : -1) * max(abs(step) - c / lipschitz, 0)
            }
            let next = (1 + (1 + 4 * t * t).squareRoot()) / 2
            for i in 0..<n { z[i] = w[i] + (t - 1) / next * (w[i] - previous[i]) }
            t = next
        }
        let reference = objective.value(at: w) + penalized(w)

        let options = OWLQN<Double>.Options(l1: c, penalized: [0..<n - 1])
        let result = OWLQN(options: options).minimize(
            &objective, from: [Double](repeating: 0, count: n))
        #expect(
            abs(result.value - reference) <= 1e-8 * reference, "\(result.value) vs \(reference)")
        #expect(
            abs(
                result.value
                    - (objective.value(at: result.parameters) + penalized(result.parameters)))
                <= 1e-15)
        let zeros = result.parameters.indices.filter { result.parameters[$0] == 0 }
        #expect(zeros == w.indices.filter { w[$0] == 0 }, "\(result.parameters) vs \(w)")
        #expect(zeros.count >= 5, "\(zeros)")
    }
}
