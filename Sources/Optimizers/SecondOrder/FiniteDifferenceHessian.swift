import RealModule
import Tensor

/// The dense Hessian from central differences of the gradient, one column
/// per coordinate, symmetrized:
///
/// ```
/// H[:, j] ~ (g(w + h_j e_j) - g(w - h_j e_j)) / (2 h_j),  h_j = relativeStep * max(1, |w_j|)
/// H = (H + H^T) / 2
/// ```
///
/// `relativeStep` defaults to `cbrt(eps)`, the step that balances the
/// `O(h^2)` truncation error against rounding (Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., section 8.1, eq. 8.9 and the Hessian of eq. 8.21).
/// `2 n` gradient evaluations and `O(n^2)` memory: for small problems.
public struct FiniteDifferenceHessian<Scalar: BLASScalar>: Sendable {
    /// The step relative to `max(1, |w_j|)`.
    public let relativeStep: Scalar
    /// The number of parameters `n`.
    public let count: Int
    /// The last Hessian computed (`n x n`, symmetric).
    public var hessian: Matrix<Scalar> { storage }

    @usableFromInline var storage: Matrix<Scalar>

    @usableFromInline var shifted: [Scalar]
    @usableFromInline var forwardGradient: [Scalar]
    @usableFromInline var backwardGradient: [Scalar]

    /// A Hessian of `count` parameters; `relativeStep` (positive) defaults to
    /// `cbrt(eps)`.
    public init(count: Int, relativeStep: Scalar? = nil) {
        require(count >= 0, "FiniteDifferenceHessian: count \(count) < 0")
        let step = relativeStep ?? Scalar.root(Scalar.ulpOfOne, 3)
        require(
            step > 0 && step.isFinite,
            "FiniteDifferenceHessian: relativeStep \(step) must be positive"
        )
        self.relativeStep = step
        self.count = count
        self.storage = Matrix(rows: count, columns: count)
        let zeros = [Scalar](repeating: 0, count: count)
        shifted = zeros
        forwardGradient = zeros
        backwardGradient = zeros
    }

    /// Computes the Hessian at `point` into ``hessian`` with `2 n` gradient
    /// evaluations and returns whether every entry is finite.
    @discardableResult @inlinable
    public mutating func compute<O: Objective<Scalar>>(_ objective: inout O, at point: [Scalar])
        -> Bool
    {
        require(
            point.count == count,
            "FiniteDifferenceHessian: point has \(point.count) elements for \(count) parameters")
        let n = count
        BLAS.copy(point, &shifted)
        for j in 0..<n {
            let h = relativeStep * max(1, abs(point[j]))
            shifted[j] = point[j] + h
            _ = objective.valueAndGradient(at: shifted, gradient: &forwardGradient)
            shifted[j] = point[j] - h
            _ = objective.valueAndGradient(at: shifted, gradient: &backwardGradient)
            shifted[j] = point[j]
            // The actual spacing, as rounded in w +- h.
            let spacing = (point[j] + h) - (point[j] - h)
            for i in 0..<n { storage[i, j] = (forwardGradient[i] - backwardGradient[i]) / spacing }
        }
        var finite = true
        for i in 0..<n {
            for j in i..<n {
                let symmetric = (storage[i, j] + storage[j, i]) / 2
                storage[i, j] = symmetric
                storage[j, i] = symmetric
                finite = finite && symmetric.isFinite
            }
        }
        return finite
    }
}
