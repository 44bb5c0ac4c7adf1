import Tensor

/// A differentiable function of a flat parameter vector: the loss of a model
/// over a data set, a test function such as Rosenbrock's, or any other
/// objective an optimizer minimizes.
///
/// The gradient is written into a buffer the caller owns, so evaluating an
/// objective allocates nothing; an optimizer sizes its buffers once from
/// ``parameterCount`` and reuses them for every evaluation. First-order
/// rules (``FirstOrderOptimizer/step(_:parameters:gradient:)``) need only
/// ``valueAndGradient(at:gradient:)``; line searches and the second-order
/// methods also call ``value(at:)`` where a gradient would be wasted, and
/// form Hessian-vector products from differences of gradients.
///
/// The methods are `mutating` so that a value type can keep its workspaces
/// (activations, a scratch gradient) inside itself; a class conforms just as
/// well. For mini-batches see ``MiniBatchObjective``; for tests and small
/// problems see ``ClosureObjective``.
public protocol Objective<Scalar> {
    /// The floating-point type of the parameters, the value and the gradient.
    associatedtype Scalar: BLASScalar

    /// The number of parameters `n`: the length of every parameter and
    /// gradient vector passed to this objective.
    var parameterCount: Int { get }

    /// The value `L(w)` at `parameters` (`n` elements).
    mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar

    /// The value `L(w)` at `parameters`, with the gradient `grad L(w)` written
    /// into `gradient` (both `n` elements; the old contents of `gradient` are
    /// overwritten, not accumulated into).
    mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar

    /// Whether ``exactHessianVectorProduct(at:direction:into:)`` computes
    /// `H(x) v`: `true` for a ``HessianVectorProductObjective``, `false`
    /// (the default) otherwise.
    static var hasExactHessianVectorProducts: Bool { get }

    /// Writes the exact Hessian-vector product `H(x) v` at `parameters`
    /// into `product` when ``hasExactHessianVectorProducts`` (a
    /// ``HessianVectorProductObjective``'s
    /// ``HessianVectorProductObjective/hessianVectorProduct(at:direction:into:)``);
    /// otherwise leaves `product` alone.
    ///
    /// A requirement with defaults, rather than a cast, so that a method
    /// generic over every objective (``TrustRegionNewtonCG``) reaches a
    /// conformer's products with static dispatch once specialized.
    mutating func exactHessianVectorProduct(
        at parameters: [Scalar], direction: [Scalar], into product: inout [Scalar])
}
