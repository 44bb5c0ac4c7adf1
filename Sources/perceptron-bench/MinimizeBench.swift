import ArgumentParser
import Foundation
import Optimizers
import Perceptron
import Tensor

/// `perceptron-bench minimize`: one run of a second-order method on
/// Rosenbrock's function from the standard start, reported as JSON or a
/// line, for `scripts/compare-scipy`.
struct MinimizeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize Rosenbrock's function with a second-order method (Double).")

    @Option(help: "lbfgs, bfgs, cg, hessian-free or newton.") var method: String = "lbfgs"
    @Option(help: "chained (scipy's rosen) or extended (More-Garbow-Hillstrom 21).") var form:
        String = "chained"
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
    }

    func run() throws {
        guard let form = Rosenbrock<Double>.Form(rawValue: form) else {
            throw ValidationError("--form: '\(form)'; expected chained or extended")
        }
        guard dimension >= 2, form == .chained || dimension % 2 == 0 else {
            throw ValidationError(
                "--dimension: \(dimension) (at least 2; even for the extended form)")
        }
        var objective = Rosenbrock<Double>(form, dimension: dimension)
        let start = objective.standardStart
        var result: MinimizationResult<Double>?
        let elapsed = ContinuousClock().measure {
            switch method {
            case "lbfgs": result = LBFGS(options: .init()).minimize(&objective, from: start)
            case "bfgs": result = BFGS(options: .init()).minimize(&objective, from: start)
            case "cg":
                result = NonlinearConjugateGradient(options: .init()).minimize(
                    &objective, from: start)
            case "hessian-free":
                result = HessianFree(options: .init()).minimize(&objective, from: start)
            case "newton":
                var newton = Newton<Double>(options: .init())
                result = newton.minimize(&objective, from: start)
            default: break
            }
        }
        guard let result else {
            throw ValidationError(
                "--method: '\(method)'; expected lbfgs, bfgs, cg, hessian-free or newton")
        }
        let report = Run(
            method: method, form: form.rawValue, dimension: dimension,
            iterations: result.iterations,
            functionEvaluations: result.functionEvaluations,
            gradientEvaluations: result.gradientEvaluations, value: result.value,
            seconds: elapsed.inSeconds,
            status: result.status.rawValue)
        if json {
            print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        } else {
            print(
                "\(method) \(form.rawValue) n=\(dimension): f = \(result.value) after \(result.iterations) iterations, "
                    + "\(result.functionEvaluations) evaluations, \(String(format: "%.3f", report.seconds)) s; \(result.status.sentence)"
            )
        }
    }
}
