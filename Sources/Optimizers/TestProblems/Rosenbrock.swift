import Tensor

/// Rosenbrock's function in `n` dimensions, the classic test of an
/// optimizer's handling of a curved, narrow valley; minimum 0 at
/// `(1, ..., 1)`, standard start `(-1.2, 1, -1.2, 1, ...)`.
///
/// Two forms are in use:
///
/// - ``Form/chained`` (scipy's `rosen`):
///   `f(x) = sum_{i<n-1} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2`.
/// - ``Form/extended`` (More, Garbow & Hillstrom 1981, problem 21): `n`
///   even, independent pairs
///   `f(x) = sum_{j<n/2} 100 (x[2j+1] - x[2j]^2)^2 + (1 - x[2j])^2`.
///
/// Counts its evaluations, so tests can check a method's budget.
public struct Rosenbrock<Scalar: BLASScalar>: Objective, Sendable {
    /// Which sum of terms.
    public enum Form: String, Sendable, CaseIterable {
        case chained, extended
    }

    /// The number of variables.
    public let parameterCount: Int
    /// The form.
    public let form: Form
    /// Evaluations made so far (with or without the gradient).
    public var evaluations: Int { evaluationCount }
    @usableFromInline var evaluationCount = 0

    /// Rosenbrock's function of `n` variables (`n >= 2`; even for the
    /// extended form).
    public init(_ form: Form, dimension n: Int) {
        require(n >= 2, "Rosenbrock: dimension \(n) < 2")
        require(
            form == .chained || n % 2 == 0,
            "Rosenbrock: the extended form needs an even dimension, got \(n)")
        self.form = form
        self.parameterCount = n
    }

    /// The standard start `(-1.2, 1, -1.2, 1, ...)`.
    public var standardStart: [Scalar] { (0..<parameterCount).map { $0 % 2 == 0 ? -1.2 : 1 } }

    /// The terms `(i, j)`: `100 (x[j] - x[i]^2)^2 + (1 - x[i])^2`.
    @inlinable
    func forEachTerm(_ body: (Int, Int) -> Void) {
        switch form {
        case .chained: for i in 0..<(parameterCount - 1) { body(i, i + 1) }
        case .extended: for i in stride(from: 0, to: parameterCount, by: 2) { body(i, i + 1) }
        }
    }

    // @inlinable so that callers in other modules get code specialized for
    // their scalar and buffer types (unspecialized: 167 us per evaluation
    // at n = 1000, 90% of an L-BFGS run).
    @inlinable
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        require(
            parameters.count == parameterCount,
            "Rosenbrock: \(parameters.count) parameters for \(parameterCount)")
        evaluationCount += 1
        return parameters.withUnsafeScalars { x in
            var f: Scalar = 0
            forEachTerm { i, j in
                let a = x[j] - x[i] * x[i]
                let b = 1 - x[i]
                f += 100 * a * a + b * b
            }
            return f
        }
    }

    @inlinable
    public mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>, gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        require(
            parameters.count == parameterCount && gradient.count == parameterCount,
            "Rosenbrock: \(parameters.count) parameters and a gradient of \(gradient.count) for \(parameterCount)"
        )
        evaluationCount += 1
        return parameters.withUnsafeScalars { x in
            gradient.withUnsafeMutableScalars { g in
                g.update(repeating: 0)
                var f: Scalar = 0
                forEachTerm { i, j in
                    let a = x[j] - x[i] * x[i]
                    let b = 1 - x[i]
                    f += 100 * a * a + b * b
                    g[i] += -400 * x[i] * a - 2 * b  // d/dx[i]
                    g[j] += 200 * a  // d/dx[j]
                }
                return f
            }
        }
    }
}
