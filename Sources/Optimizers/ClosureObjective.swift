import Tensor

/// An ``Objective`` made of closures over unsafe buffer pointers: the quick
/// way to hand a test function or a hand-written loss to an optimizer.
///
/// ```swift
/// // An ill-conditioned bowl L(x, y) = (x^2 + 100 y^2) / 2.
/// var bowl = ClosureObjective<Double>(parameterCount: 2) { w, g in
///     g[0] = w[0]
///     g[1] = 100 * w[1]
///     return (w[0] * w[0] + 100 * w[1] * w[1]) / 2
/// }
///
/// // The same without a gradient: forward differences, as scipy's minimize
/// // does when no `jac` is given.
/// var valueOnly = ClosureObjective<Double>(parameterCount: 2) { w in
///     (w[0] * w[0] + 100 * w[1] * w[1]) / 2
/// }
/// ```
///
/// **The gradient buffer is zeroed before the gradient closure runs**, so a
/// closure may either assign every component (`g[i] = ...`) or accumulate
/// into it (`g[i] += ...`, handy for a sum of terms); both give the gradient
/// at the point alone. (The buffer otherwise holds whatever the optimizer
/// left there, usually the previous gradient.)
///
/// When there is a gradient closure but no `value` closure, ``value(at:)``
/// calls the gradient closure with a scratch buffer allocated once, in the
/// initializer. Without a gradient closure, see
/// ``init(parameterCount:value:)`` for the finite differences.
public struct ClosureObjective<Scalar: BLASScalar>: Objective {
    /// Computes `L(w)` from the `n` parameters.
    public typealias Value = (UnsafeBufferPointer<Scalar>) -> Scalar
    /// Computes `L(w)` from the `n` parameters and writes `grad L(w)` into the
    /// second buffer (`n` elements, zero on entry).
    public typealias ValueAndGradient =
        (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) -> Scalar

    /// The number of parameters `n`.
    public let parameterCount: Int
    /// The closure behind ``value(at:)``, or `nil` to use the gradient closure.
    public let valueClosure: Value?
    /// The closure behind ``valueAndGradient(at:gradient:)``, or `nil` when
    /// the gradient is taken by forward differences of ``valueClosure``.
    public let valueAndGradientClosure: ValueAndGradient?
    /// The gradient buffer ``value(at:)`` uses when there is no value closure.
    private var scratchGradient: [Scalar]
    /// The perturbed point `x + h_i e_i` of the finite differences (empty
    /// when there is a gradient closure).
    private var scratchPoint: [Scalar]

    /// Whether ``valueAndGradient(at:gradient:)`` takes the gradient by
    /// forward differences of the value closure.
    public var usesFiniteDifferences: Bool { valueAndGradientClosure == nil }

    /// An objective of `parameterCount` parameters with its gradient.
    ///
    /// - Parameters:
    ///   - parameterCount: The number of parameters `n` (not negative).
    ///   - value: Computes the value alone; defaults to `nil`, which calls
    ///     `valueAndGradient` and discards the gradient.
    ///   - valueAndGradient: Computes the value and writes the gradient into
    ///     its second argument, which is zero when it is called.
    public init(
        parameterCount: Int,
        value: Value? = nil,
        valueAndGradient: @escaping ValueAndGradient
    ) {
        require(parameterCount >= 0, "ClosureObjective: parameterCount \(parameterCount) < 0")
        self.parameterCount = parameterCount
        self.valueClosure = value
        self.valueAndGradientClosure = valueAndGradient
        self.scratchGradient = value == nil ? [Scalar](repeating: 0, count: parameterCount) : []
        self.scratchPoint = []
    }

    /// An objective of `parameterCount` parameters given by its value alone,
    /// whose gradient is approximated by forward differences: what
    /// `scipy.optimize.minimize` does when `jac` is omitted.
    ///
    /// Component `i` of the gradient at `x` costs one more value, at `x`
    /// moved along the `i`-th axis by `h_i`:
    ///
    /// ```
    /// g_i = (f(x + h_i e_i) - f(x)) / h_i
    /// h_i = sqrt(u) * s_i * max(1, |x_i|),    s_i = +1 if x_i >= 0, else -1
    /// ```
    ///
    /// with `u` the machine epsilon of `Scalar` (`sqrt(u)` is 1.5e-8 in
    /// Double, 3.5e-4 in Float), and `h_i` then replaced by the step the
    /// arithmetic really took, `(x_i + h_i) - x_i`. So one gradient costs
    /// `n + 1` values. The error of `g_i` is at most about
    /// `(h_i / 2) max |d^2 f / dx_i^2| + 2 eps_f / h_i` for values computed
    /// to within `eps_f`; `h = sqrt(u)` balances the two terms (Nocedal &
    /// Wright), and the gradient is good to about half the digits of the
    /// value: 8 in Double, but only 3 or 4 in Float, where on Rosenbrock's
    /// function the stationary point of the approximation lies near
    /// `(0.9, 0.8)` instead of `(1, 1)`. Prefer an analytic gradient where
    /// there is one, and Double where there is not.
    ///
    /// The step is that of scipy's `approx_derivative` (`method='2-point'`,
    /// no `rel_step`), which `minimize` uses with `jac='2-point'`. With
    /// `jac` omitted, scipy's BFGS takes the absolute step `sqrt(u)`
    /// instead, of the same size as this one for `|x_i| <= 1`, and its
    /// L-BFGS-B the absolute step `1e-8`.
    ///
    /// The perturbed point is a buffer allocated once, here; evaluating
    /// allocates nothing.
    ///
    /// References:
    /// - J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed.,
    ///   Springer 2006, section 8.1 (forward differences and the choice of
    ///   `h`).
    /// - SciPy, `scipy.optimize.approx_derivative` and `_numdiff.py`
    ///   (`_compute_absolute_step`).
    ///
    /// - Parameters:
    ///   - parameterCount: The number of parameters `n` (not negative).
    ///   - value: Computes the value `f(x)`.
    public init(parameterCount: Int, value: @escaping Value) {
        require(parameterCount >= 0, "ClosureObjective: parameterCount \(parameterCount) < 0")
        self.parameterCount = parameterCount
        self.valueClosure = value
        self.valueAndGradientClosure = nil
        self.scratchGradient = []
        self.scratchPoint = [Scalar](repeating: 0, count: parameterCount)
    }

    /// The value `L(w)` at `parameters`.
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        checkCount(parameters.count, of: "parameters")
        if let valueClosure {
            return parameters.withUnsafeScalars { valueClosure($0) }
        }
        let closure = valueAndGradientClosure!
        return parameters.withUnsafeScalars { w in
            scratchGradient.withUnsafeMutableBufferPointer { g in Self.call(closure, w, g) }
        }
    }

    /// The value `L(w)` at `parameters`, with `grad L(w)` written into
    /// `gradient`: zeroed, then filled by the gradient closure, or by forward
    /// differences when there is none.
    public mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        checkCount(parameters.count, of: "parameters")
        checkCount(gradient.count, of: "gradient")
        guard let valueAndGradientClosure else {
            return forwardDifferences(at: parameters, gradient: &gradient)
        }
        return parameters.withUnsafeScalars { w in
            gradient.withUnsafeMutableScalars { g in Self.call(valueAndGradientClosure, w, g) }
        }
    }

    /// Zeroes `g`, then lets `closure` compute the value at `w` and write
    /// the gradient into `g`.
    private static func call(
        _ closure: ValueAndGradient, _ w: UnsafeBufferPointer<Scalar>,
        _ g: UnsafeMutableBufferPointer<Scalar>
    ) -> Scalar {
        g.update(repeating: 0)
        return closure(w, g)
    }

    /// `f(x)`, with the forward-difference gradient of
    /// ``init(parameterCount:value:)`` written into `gradient`.
    private mutating func forwardDifferences(
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        let value = valueClosure!
        let relativeStep = Scalar.ulpOfOne.squareRoot()
        return parameters.withUnsafeScalars { x in
            gradient.withUnsafeMutableScalars { g in
                scratchPoint.withUnsafeMutableBufferPointer { point in
                    _ = point.update(fromContentsOf: x)
                    let f0 = value(UnsafeBufferPointer(point))
                    for i in 0..<x.count {
                        let sign: Scalar = x[i] >= 0 ? 1 : -1
                        point[i] = x[i] + relativeStep * sign * Swift.max(1, x[i].magnitude)
                        let step = point[i] - x[i]
                        g[i] = (value(UnsafeBufferPointer(point)) - f0) / step
                        point[i] = x[i]
                    }
                    return f0
                }
            }
        }
    }

    private func checkCount(_ count: Int, of name: String) {
        require(
            count == parameterCount,
            "ClosureObjective: \(name) has \(count) elements but the objective has \(parameterCount) parameters"
        )
    }
}
