import Optimizers
import Tensor
import Testing

/// A symmetric positive-definite quadratic `f(x) = x^T A x / 2 - b^T x`
/// with minimizer `A^{-1} b`, for the second-order tests.
struct SPDQuadratic<Scalar: BLASScalar>: @unchecked Sendable {
    let a: Matrix<Scalar>
    let b: [Scalar]

    /// `A = M^T M + I` for a deterministic pseudo-random `M` (`n x n`), and a
    /// pseudo-random `b`.
    init(dimension n: Int, seed: UInt64) {
        var generator = Xoshiro256StarStar(seed: seed)
        let m = Matrix<Scalar>(rows: n, columns: n) { _, _ in
            Scalar(Double.random(in: -1...1, using: &generator))
        }
        var product = Matrix<Scalar>(identity: n)
        BLAS.gemm(m.transposed, m, alpha: 1, beta: 1, into: &product)
        a = product
        b = (0..<n).map { _ in Scalar(Double.random(in: -1...1, using: &generator)) }
    }

    /// `A x - b`.
    func gradient(_ x: UnsafeBufferPointer<Scalar>, into g: UnsafeMutableBufferPointer<Scalar>) {
        var g = g
        BLAS.gemv(a, x, into: &g)
        BLAS.axpy(-1, b, &g)
    }

    var objective: ClosureObjective<Scalar> {
        ClosureObjective(parameterCount: b.count) { x, g in
            gradient(x, into: g)
            // f = x^T (A x - b) / 2 - b^T x / 2
            return (BLAS.dot(x, g) - BLAS.dot(b, x)) / 2
        }
    }

    /// The exact step along `d`: `alpha = -g^T d / d^T A d`.
    var exactLineSearch: LineSearchMethod<Scalar> {
        let a = self.a
        return .exact { _, g, d in
            var ad = [Scalar](repeating: 0, count: d.count)
            BLAS.gemv(a, d, into: &ad)
            return -BLAS.dot(g, d) / BLAS.dot(d, ad)
        }
    }
}

/// Counts and records what an objective was asked.
final class EvaluationLog<Scalar: BLASScalar>: @unchecked Sendable {
    var values: [Scalar] = []
    var count: Int { values.count }
}

/// The three line-search minimizers behind one name, for tests that run
/// them all.
enum SearchMethod: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case bfgs, lbfgs, polakRibierePlus, hestenesStiefel, fletcherReeves

    var testDescription: String { rawValue }

    func minimize<Scalar: BLASScalar>(
        _ objective: inout some Objective<Scalar>, from start: [Scalar],
        stopping: StoppingCriteria<Scalar> = StoppingCriteria(),
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        switch self {
        case .bfgs:
            BFGS(options: .init(stopping: stopping))
                .minimize(&objective, from: start, callback: callback)
        case .lbfgs:
            LBFGS(options: .init(stopping: stopping))
                .minimize(&objective, from: start, callback: callback)
        case .polakRibierePlus, .hestenesStiefel, .fletcherReeves:
            NonlinearConjugateGradient(options: .init(stopping: stopping, formula: formula!))
                .minimize(&objective, from: start, callback: callback)
        }
    }

    var formula: ConjugateGradientFormula? {
        ConjugateGradientFormula(rawValue: rawValue)
    }
}

/// `10^x`.
func powerOfTen(_ x: Double) -> Double {
    Double.exp(x * Double.log(10))
}
