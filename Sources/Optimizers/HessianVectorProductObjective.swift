import Tensor

/// An ``Objective`` that also computes exact Hessian-vector products
/// `H(x) v`, as scipy's `hessp`, for the methods that touch the Hessian only
/// through products (``TrustRegionNewtonCG``). Without it those methods fall
/// back to ``FiniteDifferenceHessianVectorProduct``, one gradient per
/// product and `O(sqrt(eps))` error.
public protocol HessianVectorProductObjective<Scalar>: Objective {
    /// Writes `H(x) v`, the Hessian of the objective at `parameters` times
    /// `direction`, into `product` (all `n` elements; `product` is
    /// overwritten).
    mutating func hessianVectorProduct(
        at parameters: [Scalar], direction: [Scalar], into product: inout [Scalar])
}

extension Objective {
    /// `false`: no exact products.
    @inlinable public static var hasExactHessianVectorProducts: Bool { false }

    /// Does nothing: there are no exact products.
    @inlinable
    public mutating func exactHessianVectorProduct(
        at parameters: [Scalar], direction: [Scalar], into product: inout [Scalar]
    ) {}
}

/// The defaults of a conformer: a type that conforms to
/// ``HessianVectorProductObjective`` where it conforms to ``Objective``
/// (its declaration, or an extension in the same module) gets these.
extension HessianVectorProductObjective {
    /// `true`.
    @inlinable public static var hasExactHessianVectorProducts: Bool { true }

    /// ``hessianVectorProduct(at:direction:into:)``.
    @inlinable
    public mutating func exactHessianVectorProduct(
        at parameters: [Scalar], direction: [Scalar], into product: inout [Scalar]
    ) {
        hessianVectorProduct(at: parameters, direction: direction, into: &product)
    }
}
