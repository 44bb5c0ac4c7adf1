import Optimizers
import Tensor

/// An objective with exact Hessian-vector products that counts them, for
/// the `nhev` column of `scripts/compare-scipy` (``MinimizationResult``
/// counts evaluations of the value and gradient only).
struct CountedHessianVectorProducts<Base: HessianVectorProductObjective>:
    HessianVectorProductObjective
{
    var base: Base
    /// Products made so far.
    var products = 0

    var parameterCount: Int { base.parameterCount }

    mutating func value(at parameters: some ScalarBuffer<Base.Scalar>) -> Base.Scalar {
        base.value(at: parameters)
    }

    mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Base.Scalar>,
        gradient: inout some MutableScalarBuffer<Base.Scalar>
    ) -> Base.Scalar {
        base.valueAndGradient(at: parameters, gradient: &gradient)
    }

    mutating func hessianVectorProduct(
        at parameters: [Base.Scalar], direction: [Base.Scalar], into product: inout [Base.Scalar]
    ) {
        products += 1
        base.hessianVectorProduct(at: parameters, direction: direction, into: &product)
    }
}
