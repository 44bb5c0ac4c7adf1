import ArgumentParser
import Foundation
import Optimizers
import Perceptron
import Tensor

/// `perceptron-bench minimize`: one run of a second-order method on
/// Rosenbrock's function from the standard start, or of L-BFGS-B on a
/// bound-constrained problem, reported as JSON or a line, for
/// `scripts/compare-scipy`.
///
/// `lbfgsb` bounds Rosenbrock's variables `i % 3 == 0` to `[-2, 0.5]` (the
/// others are free) and starts from the standard start projected onto that
/// box; `--form quadratic` is ``BoundConstrainedQuadratic`` (L-BFGS-B only).
struct MinimizeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize Rosenbrock's function with a second-order method (Double).")

    @Option(help: "lbfgs, lbfgsb, bfgs, cg, hessian-free, trust-ncg or newton.") var method:
        String = "lbfgs"
    @Option(
        help:
            "chained (scipy's rosen), extended (More-Garbow-Hillstrom 21) or quadratic (bounded, lbfgsb only)."
    ) var form: String = "chained"
    @Option(help: "The number of variables.") var dimension: Int = 100
    @Flag(help: "Print JSON.") var json = false

    struct Run: Codable {
        var method: String
        var form: String
        var dimension: Int
        var iterations: Int
        var functionEvaluations: Int
        var gradientEvaluations: Int
        var value: Double
        var seconds: Double
        var status: String
        /// Exact Hessian-vector products (trust-ncg only).
        var hessianVectorProducts: Int?
    }

    func run() throws {
        guard dimension >= 2 else { throw ValidationError("--dimension: \(dimension) < 2") }
        var result: MinimizationResult<Double>?
        var products: Int?
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        if form == "quadratic" {
            guard method == "lbfgsb" else {
                throw ValidationError("--form quadratic: only with --method lbfgsb")
            }
            var quadratic = BoundConstrainedQuadratic<Double>(dimension: dimension)
            elapsed = clock.measure {
                result = LBFGSB().minimize(
                    &quadratic, from: quadratic.standardStart, bounds: quadratic.bounds)
            }
        } else {
            guard let form = Rosenbrock<Double>.Form(rawValue: form) else {
                throw ValidationError("--form: '\(form)'; expected chained, extended or quadratic")
            }
            guard form == .chained || dimension % 2 == 0 else {
                throw ValidationError("--dimension: \(dimension) (even for the extended form)")
            }
            var objective = Rosenbrock<Double>(form, dimension: dimension)
            if method == "trust-ncg" {
                var counted = CountedHessianVectorProducts(base: objective)
                elapsed = clock.measure {
                    result = TrustRegionNewtonCG(options: .init()).minimize(
                        &counted, from: objective.standardStart)
                }
                products = counted.products
            } else {
                elapsed = clock.measure { result = minimizeRosenbrock(&objective) }
            }
        }
        guard let result else {
            throw ValidationError(
                "--method: '\(method)'; expected lbfgs, lbfgsb, bfgs, cg, hessian-free, trust-ncg or newton"
            )
        }
        let report = Run(
            method: method, form: form, dimension: dimension,
            iterations: result.iterations,
            functionEvaluations: result.functionEvaluations,
            gradientEvaluations: result.gradientEvaluations, value: result.value,
            seconds: elapsed.inSeconds,
            status: result.status.rawValue, hessianVectorProducts: products)
        if json {
            print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        } else {
            print(
                "\(method) \(form) n=\(dimension): f = \(result.value) after \(result.iterations) iterations, "
                    + "\(result.functionEvaluations) evaluations, \(String(format: "%.3f", report.seconds)) s; \(result.status.sentence)"
            )
        }
    }

    /// Runs `--method` on `objective` from the standard start (projected
    /// onto the every-third-variable box for L-BFGS-B); `nil` for an
    /// unknown method.
    func minimizeRosenbrock(_ objective: inout Rosenbrock<Double>) -> MinimizationResult<Double>? {
        let start = objective.standardStart
        switch method {
        case "lbfgs": return LBFGS(options: .init()).minimize(&objective, from: start)
        case "lbfgsb":
            let n = objective.parameterCount
            let bounds = BoxConstraints<Double>(
                lower: (0..<n).map { $0 % 3 == 0 ? -2 : -.infinity },
                upper: (0..<n).map { $0 % 3 == 0 ? 0.5 : .infinity })
            var projected = start
            bounds.project(&projected)
            return LBFGSB().minimize(&objective, from: projected, bounds: bounds)
        case "bfgs": return BFGS(options: .init()).minimize(&objective, from: start)
        case "cg":
            return NonlinearConjugateGradient(options: .init()).minimize(&objective, from: start)
        case "hessian-free":
            return HessianFree(options: .init()).minimize(&objective, from: start)
        case "newton":
            return Newton<Double>(options: .init()).minimize(&objective, from: start)
        default: return nil
        }
    }
}
