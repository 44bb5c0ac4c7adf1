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
/// ```
///
/// When no `value` closure is given, ``value(at:)`` calls the gradient
/// closure with a scratch buffer allocated once, in the initializer.
public struct ClosureObjective<Scalar: BLASScalar>: Objective {
    /// Computes `L(w)` from the `n` parameters.
    public typealias Value = (UnsafeBufferPointer<Scalar>) -> Scalar
    /// Computes `L(w)` from the `n` parameters and writes `grad L(w)` into the
    /// second buffer (`n` elements).
    public typealias ValueAndGradient =
        (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) -> Scalar

    /// The number of parameters `n`.
    public let parameterCount: Int
    /// The closure behind ``value(at:)``, or `nil` to use the gradient closure.
    public let valueClosure: Value?
    /// The closure behind ``valueAndGradient(at:gradient:)``.
    public let valueAndGradientClosure: ValueAndGradient
    /// The gradient buffer ``value(at:)`` uses when there is no value closure.
    private var scratchGradient: [Scalar]

    /// An objective of `parameterCount` parameters.
    ///
    /// - Parameters:
    ///   - parameterCount: The number of parameters `n` (not negative).
    ///   - value: Computes the value alone; defaults to `nil`, which calls
    ///     `valueAndGradient` and discards the gradient.
    ///   - valueAndGradient: Computes the value and writes the gradient.
    public init(
        parameterCount: Int,
        value: Value? = nil,
        valueAndGradient: @escaping ValueAndGradient
    ) {
        precondition(parameterCount >= 0, "ClosureObjective: parameterCount \(parameterCount) < 0")
        self.parameterCount = parameterCount
        self.valueClosure = value
        self.valueAndGradientClosure = valueAndGradient
        self.scratchGradient = value == nil ? [Scalar](repeating: 0, count: parameterCount) : []
    }

    /// The value `L(w)` at `parameters`.
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        checkCount(parameters.count, of: "parameters")
        if let valueClosure {
            return parameters.withUnsafeScalars { valueClosure($0) }
        }
        return valueAndGradient(at: parameters, gradient: &scratchGradient)
    }

    /// The value `L(w)` at `parameters`, with `grad L(w)` written into `gradient`.
    public func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>,
        gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        checkCount(parameters.count, of: "parameters")
        checkCount(gradient.count, of: "gradient")
        return parameters.withUnsafeScalars { w in
            gradient.withUnsafeMutableScalars { g in valueAndGradientClosure(w, g) }
        }
    }

    private func checkCount(_ count: Int, of name: String) {
        precondition(
            count == parameterCount,
            "ClosureObjective: \(name) has \(count) elements but the objective has \(parameterCount) parameters"
        )
    }
}
