import RealModule
import Tensor

/// Hessian-vector products `H v` from finite differences of the gradient,
/// the trick that makes Newton-like methods possible without ever forming
/// the `n x n` Hessian (Nocedal and Wright, *Numerical Optimization*, 2nd
/// ed., Springer 2006, sections 7.1 and 8.1):
///
/// ```
/// forward:  H v ~ (g(w + d v) - g(w)) / d             error O(d),   1 gradient
/// central:  H v ~ (g(w + d v) - g(w - d v)) / (2 d)   error O(d^2), 2 gradients
/// ```
///
/// The difference step is scaled to the sizes of `w` and `v`,
///
/// ```
/// d = relativeStep * (1 + ||w||) / ||v||
/// ```
///
/// so that the perturbation `d v` is about `relativeStep` relative to the
/// point whatever the scale of the direction. The default `relativeStep`
/// balances truncation against rounding (Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., section 8.1, eqs. 8.6-8.7 and the Hessian-vector
/// products of eq. 8.20): `sqrt(eps)` for the forward difference and
/// `cbrt(eps)` for the central one, `eps` being the precision's unit
/// round-off (`BLASScalar`'s `ulpOfOne`).
///
/// The buffers are allocated once, in the initializer; a product allocates
/// nothing and is all BLAS level-1 calls plus the gradient evaluations.
public struct FiniteDifferenceHessianVectorProduct<Scalar: BLASScalar>: Sendable {
    /// Which difference quotient.
    public enum Scheme: String, Sendable, CaseIterable {
        /// `(g(w + d v) - g(w)) / d`: one gradient per product (the gradient
        /// at `w` is known), error `O(d)`.
        case forward
        /// `(g(w + d v) - g(w - d v)) / (2 d)`: two gradients per product,
        /// error `O(d^2)`.
        case central
    }

    /// The difference quotient.
    public let scheme: Scheme
    /// The step relative to `1 + ||w||`: `sqrt(eps)` (forward) or
    /// `cbrt(eps)` (central) unless given.
    public let relativeStep: Scalar
    /// The number of parameters `n`.
    public let count: Int

    /// The shifted point `w +- d v`.
    @usableFromInline var shifted: [Scalar]
    /// `g(w - d v)` for the central scheme (empty for the forward one).
    @usableFromInline var backwardGradient: [Scalar]

    /// A product for objectives of `count` parameters.
    ///
    /// - Parameters:
    ///   - count: The number of parameters `n`.
    ///   - scheme: The difference quotient; defaults to ``Scheme/forward``.
    ///   - relativeStep: The step relative to `1 + ||w||` (positive);
    ///     defaults to `sqrt(eps)` (forward) or `cbrt(eps)` (central).
    public init(count: Int, scheme: Scheme = .forward, relativeStep: Scalar? = nil) {
        require(count >= 0, "FiniteDifferenceHessianVectorProduct: count \(count) < 0")
        let defaultStep =
            scheme == .forward ? Scalar.ulpOfOne.squareRoot() : Scalar.root(Scalar.ulpOfOne, 3)
        let step = relativeStep ?? defaultStep
        require(
            step > 0 && step.isFinite,
            "FiniteDifferenceHessianVectorProduct: relativeStep \(step) must be positive")
        self.scheme = scheme
        self.relativeStep = step
        self.count = count
        self.shifted = [Scalar](repeating: 0, count: count)
        self.backwardGradient = [Scalar](repeating: 0, count: scheme == .central ? count : 0)
    }

    /// Gradient evaluations one product costs: 1 (forward) or 2 (central).
    public var evaluationsPerProduct: Int { scheme == .forward ? 1 : 2 }

    /// The absolute difference step `d = relativeStep (1 + ||w||) / ||v||`
    /// for the point `w` and a direction of norm `||v||`.
    @inlinable
    public func step(at point: [Scalar], directionNorm: Scalar) -> Scalar {
        relativeStep * (1 + BLAS.nrm2(point)) / directionNorm
    }

    /// Writes `H v` at `point` into `product` and returns whether it is
    /// finite (a NaN or an infinity in a shifted gradient makes it `false`;
    /// the contents of `product` are then meaningless).
    ///
    /// - Parameters:
    ///   - objective: The objective; evaluated ``evaluationsPerProduct``
    ///     times (not at all when `v = 0`, whose product is 0).
    ///   - point: `w` (`n` elements).
    ///   - gradient: `g(w)`, which the forward scheme uses (`n` elements).
    ///   - direction: `v` (`n` elements).
    ///   - product: Receives `H v` (`n` elements).
    @inlinable
    public mutating func multiply<O: Objective<Scalar>>(
        _ objective: inout O, at point: [Scalar], gradient: [Scalar], direction: [Scalar],
        into product: inout [Scalar]
    ) -> Bool {
        require(
            point.count == count && gradient.count == count && direction.count == count
                && product.count == count,
            "FiniteDifferenceHessianVectorProduct: point \(point.count), gradient \(gradient.count), direction \(direction.count) and product \(product.count) elements for \(count) parameters"
        )
        let directionNorm = BLAS.nrm2(direction)
        guard directionNorm > 0 else {
            for i in product.indices { product[i] = 0 }
            return true
        }
        // N&W section 8.1: d = relativeStep (1 + ||w||) / ||v||.
        let d = step(at: point, directionNorm: directionNorm)
        BLAS.copy(point, &shifted)
        BLAS.axpy(d, direction, &shifted)
        _ = objective.valueAndGradient(at: shifted, gradient: &product)
        switch scheme {
        case .forward:
            BLAS.axpy(-1, gradient, &product)
            BLAS.scal(1 / d, &product)
        case .central:
            BLAS.copy(point, &shifted)
            BLAS.axpy(-d, direction, &shifted)
            _ = objective.valueAndGradient(at: shifted, gradient: &backwardGradient)
            BLAS.axpy(-1, backwardGradient, &product)
            BLAS.scal(1 / (2 * d), &product)
        }
        return product.withUnsafeBufferPointer { p in p.allSatisfy { $0.isFinite } }
    }
}
