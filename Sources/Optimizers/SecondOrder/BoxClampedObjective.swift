import Tensor

/// An objective evaluated at the projection of its argument onto a box,
/// `f(P(x))`, for the line search of ``LBFGSB``: a trial `x_k + alpha d`
/// with `alpha` at most the step to the boundary is feasible in exact
/// arithmetic but may cross a bound by a rounding error, and the objective
/// must never see an infeasible point. The caller projects the accepted
/// point the same way, so the value and gradient belong to it exactly.
///
/// Holds a pointer to the caller's objective, valid only inside the
/// `withUnsafeMutablePointer` scope that made it, so that the wrapped value
/// is neither copied nor moved; the buffer of projected points is the
/// caller's too (``clamped``, taken back after the scope), so that making
/// one allocates nothing.
@usableFromInline
struct BoxClampedObjective<Base: Objective>: Objective {
    @usableFromInline let base: UnsafeMutablePointer<Base>
    @usableFromInline let box: BoxConstraints<Base.Scalar>
    @usableFromInline var clamped: [Base.Scalar]

    /// `f(P(x))` for `base`, projecting into `buffer` (`n` elements).
    @inlinable
    init(
        base: UnsafeMutablePointer<Base>, box: BoxConstraints<Base.Scalar>,
        buffer: [Base.Scalar]
    ) {
        self.base = base
        self.box = box
        clamped = buffer
    }

    @inlinable
    var parameterCount: Int { box.count }

    @inlinable
    mutating func clamp(_ parameters: some ScalarBuffer<Base.Scalar>) {
        parameters.withUnsafeScalars { x in
            for i in 0..<x.count { clamped[i] = min(max(x[i], box.lower[i]), box.upper[i]) }
        }
    }

    @inlinable
    mutating func value(at parameters: some ScalarBuffer<Base.Scalar>) -> Base.Scalar {
        clamp(parameters)
        return base.pointee.value(at: clamped)
    }

    @inlinable
    mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Base.Scalar>,
        gradient: inout some MutableScalarBuffer<Base.Scalar>
    ) -> Base.Scalar {
        clamp(parameters)
        return base.pointee.valueAndGradient(at: clamped, gradient: &gradient)
    }
}
