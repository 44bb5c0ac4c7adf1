import Tensor

/// Numerical verification of backpropagation by central differences
/// (Nocedal and Wright, *Numerical Optimization*, 2nd ed., Springer 2006,
/// section 8.1; Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press
/// 2016, section 11.5):
/// `dL/dtheta_i ~ (L(theta + h e_i) - L(theta - h e_i)) / 2h`,
/// accurate to `O(h^2)`, slow (two forward passes per parameter) and
/// therefore only a check.
public enum GradientCheck {
    /// The largest componentwise relative error
    /// `max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)`, as used in the gradient
    /// checks of the Stanford CS231n course material (its `rel_error`; see the
    /// CS231n course notes, "Gradient checks").
    @inlinable
    public static func relativeError<Scalar: BLASScalar>(
        _ a: some ScalarBuffer<Scalar>, _ b: some ScalarBuffer<Scalar>
    ) -> Scalar {
        require(a.count == b.count, "relativeError: \(a.count) against \(b.count) elements")
        return a.withUnsafeScalars { a in
            b.withUnsafeScalars { b in
                var largest: Scalar = 0
                for i in a.indices {
                    let scale: Scalar = Swift.max(1e-8, Swift.abs(a[i]) + Swift.abs(b[i]))
                    let error: Scalar = Swift.abs(a[i] - b[i]) / scale
                    if error.isNaN { return .nan }
                    largest = Swift.max(largest, error)
                }
                return largest
            }
        }
    }

    /// The backpropagated and the numerical gradient of a model's loss on a
    /// batch, and their relative error.
    public struct Result<Scalar: BLASScalar>: Sendable {
        /// `dL/dtheta` by backpropagation.
        public var analytic: [Scalar]
        /// `dL/dtheta` by central differences.
        public var numeric: [Scalar]
        /// ``GradientCheck/relativeError(_:_:)`` of the two.
        public var relativeError: Scalar
    }

    /// Compares backpropagation with central differences of step `h` on
    /// every parameter of `model`, in inference mode (dropout and noise
    /// would make the loss random). The model's parameters are restored.
    ///
    /// The default step `1e-5` balances truncation error `O(h^2)` against
    /// rounding error `O(eps / h)` for Double; use about `1e-2` for Float.
    public static func check<Scalar>(
        _ model: inout Sequential<Scalar>, _ x: some RowMajorMatrix<Scalar>,
        _ targets: Targets<Scalar>, sampleWeights: ArraySlice<Scalar>? = nil, step h: Double = 1e-5
    ) throws(NetworkError) -> Result<Scalar> {
        _ = try model.lossAndGradient(x, targets, sampleWeights: sampleWeights, mode: .inference)
        let analytic = model.gradient
        var numeric = [Scalar](repeating: 0, count: analytic.count)
        let step = Scalar(h)
        for i in model.parameters.indices {
            let original = model.parameters[i]
            model.parameters[i] = original + step
            let plus = try model.loss(x, targets, sampleWeights: sampleWeights)
            model.parameters[i] = original - step
            let minus = try model.loss(x, targets, sampleWeights: sampleWeights)
            model.parameters[i] = original
            numeric[i] = (plus - minus) / (2 * step)
        }
        return Result(
            analytic: analytic, numeric: numeric, relativeError: relativeError(analytic, numeric))
    }
}
