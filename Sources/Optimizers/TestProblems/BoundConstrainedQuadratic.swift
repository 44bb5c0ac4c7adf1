import RealModule
import Tensor

/// A convex quadratic over the box `[0, 1]^n` whose constrained minimizer is
/// known by construction, with half of the bounds active there: the test of
/// a bound-constrained method such as ``LBFGSB``.
///
/// ```
/// f(x) = x^T A x / 2 - b^T x,   A = D + u u^T + v v^T   (diagonal + rank 2)
/// D_ii = 10^(2 i / (n - 1)),  u_i = sin(i + 1),  v_i = cos(3 i + 1)
/// ```
///
/// with `b = A x* - lambda` for the chosen minimizer `x*` (by `i mod 4`:
/// 0 at the lower bound, 1 at the upper bound, 1/4 and 3/4 inside) and the
/// multipliers `lambda_i = +1` (lower), `-1` (upper), `0` (inside). Then
/// `grad f(x*) = lambda`: positive where `x*` is at its lower bound, negative
/// at its upper bound, zero elsewhere, which are the KKT conditions with
/// strict complementarity; `f` is strictly convex, so `x*` is the unique
/// minimizer. `A x` costs `O(n)`. `scripts/compare-scipy` builds the same
/// problem in numpy.
public struct BoundConstrainedQuadratic<Scalar: BLASScalar>: Objective, Sendable {
    /// The number of variables `n`.
    public let parameterCount: Int
    /// The diagonal `D`.
    public let diagonal: [Scalar]
    /// The low-rank factors `u` and `v`.
    public let u: [Scalar], v: [Scalar]
    /// The linear term `b`.
    public let linear: [Scalar]
    /// The constrained minimizer `x*`.
    public let minimizer: [Scalar]
    /// The box `[0, 1]^n`.
    public var bounds: BoxConstraints<Scalar> {
        BoxConstraints(
            lower: [Scalar](repeating: 0, count: parameterCount),
            upper: [Scalar](repeating: 1, count: parameterCount))
    }
    /// The start `(1/2, ..., 1/2)`.
    public var standardStart: [Scalar] { [Scalar](repeating: 0.5, count: parameterCount) }

    /// The problem in `n >= 2` variables.
    public init(dimension n: Int) {
        require(n >= 2, "BoundConstrainedQuadratic: dimension \(n) < 2")
        parameterCount = n
        diagonal = (0..<n).map { Scalar(Double.pow(10, 2 * Double($0) / Double(n - 1))) }
        u = (0..<n).map { Scalar(Double.sin(Double($0 + 1))) }
        v = (0..<n).map { Scalar(Double.cos(Double(3 * $0 + 1))) }
        let target: [Scalar] = [0, 1, 0.25, 0.75]
        let multiplier: [Scalar] = [1, -1, 0, 0]
        minimizer = (0..<n).map { target[$0 % 4] }
        var ax = [Scalar](repeating: 0, count: n)
        Self.multiply(diagonal, u, v, minimizer, into: &ax)
        linear = (0..<n).map { ax[$0] - multiplier[$0 % 4] }
    }

    /// `y = (D + u u^T + v v^T) x`.
    @inlinable
    static func multiply(
        _ d: [Scalar], _ u: [Scalar], _ v: [Scalar], _ x: UnsafeBufferPointer<Scalar>,
        into y: UnsafeMutableBufferPointer<Scalar>
    ) {
        var ux: Scalar = 0
        var vx: Scalar = 0
        for i in 0..<x.count {
            ux += u[i] * x[i]
            vx += v[i] * x[i]
        }
        for i in 0..<x.count { y[i] = d[i] * x[i] + u[i] * ux + v[i] * vx }
    }

    @inlinable
    static func multiply(
        _ d: [Scalar], _ u: [Scalar], _ v: [Scalar], _ x: [Scalar], into y: inout [Scalar]
    ) {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { multiply(d, u, v, x, into: $0) }
        }
    }

    @inlinable
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        require(
            parameters.count == parameterCount,
            "BoundConstrainedQuadratic: \(parameters.count) parameters for \(parameterCount)")
        // f = (sum_i D_ii x_i^2 + (u^T x)^2 + (v^T x)^2) / 2 - b^T x.
        return parameters.withUnsafeScalars { x in
            var (quadratic, ux, vx, bx): (Scalar, Scalar, Scalar, Scalar) = (0, 0, 0, 0)
            for i in 0..<parameterCount {
                quadratic += diagonal[i] * x[i] * x[i]
                ux += u[i] * x[i]
                vx += v[i] * x[i]
                bx += linear[i] * x[i]
            }
            return (quadratic + ux * ux + vx * vx) / 2 - bx
        }
    }

    @inlinable
    public mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>, gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        require(
            parameters.count == parameterCount && gradient.count == parameterCount,
            "BoundConstrainedQuadratic: \(parameters.count) parameters for \(parameterCount)")
        return parameters.withUnsafeScalars { x in
            gradient.withUnsafeMutableScalars { g in
                // g = A x - b; f = x^T (A x) / 2 - b^T x = x^T (g - b) / 2.
                Self.multiply(diagonal, u, v, x, into: g)
                var f: Scalar = 0
                for i in 0..<parameterCount {
                    f += x[i] * (g[i] / 2 - linear[i])
                    g[i] -= linear[i]
                }
                return f
            }
        }
    }
}
