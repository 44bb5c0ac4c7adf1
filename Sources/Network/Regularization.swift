import Tensor

/// L1 and L2 penalties on the weights (and, if asked, the biases), added to
/// the loss and its gradient:
///
/// ```
/// L' = L + l1 sum |w| + (l2 / 2) sum w^2
/// dL'/dw = dL/dw + l1 sign(w) + l2 w
/// ```
///
/// L2 prefers many small weights, L1 drives some to exactly zero (sparse
/// models; Goodfellow, Bengio and Courville, *Deep Learning*, MIT Press 2016,
/// sections 7.1.1-7.1.2). Biases are usually left out: they do not scale the
/// inputs, so shrinking them does not simplify the model.
public struct Regularization: Hashable, Sendable, Codable {
    /// The L1 coefficient, `>= 0`.
    public var l1: Double
    /// The L2 coefficient, `>= 0`.
    public var l2: Double
    /// Whether the penalties also apply to the biases.
    public var includesBiases: Bool

    /// Penalties with the given coefficients; none by default.
    public init(l1: Double = 0, l2: Double = 0, includesBiases: Bool = false) {
        require(l1 >= 0 && l2 >= 0, "Regularization: l1 \(l1) and l2 \(l2) must be >= 0")
        self.l1 = l1
        self.l2 = l2
        self.includesBiases = includesBiases
    }

    /// No penalty.
    public static let none = Regularization()

    /// Adds the penalty's gradient to `gradient` over `layer`'s weights (and
    /// biases if included) and returns the penalty's value there.
    @inlinable
    func addGradient<Scalar: BLASScalar>(
        parameters: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>,
        layer: Dense
    ) -> Scalar {
        guard l1 > 0 || l2 > 0 else { return 0 }
        var value = addGradient(parameters: parameters, gradient: gradient, range: layer.weightRange)
        if includesBiases {
            value += addGradient(parameters: parameters, gradient: gradient, range: layer.biasRange)
        }
        return value
    }

    /// Adds the penalty's gradient over `range` of the flat buffers and
    /// returns the penalty's value there.
    @inlinable
    func addGradient<Scalar: BLASScalar>(
        parameters: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>,
        range: Range<Int>
    ) -> Scalar {
        let w = UnsafeBufferPointer(rebasing: parameters[range])
        var g = UnsafeMutableBufferPointer(rebasing: gradient[range])
        var penalty: Scalar = 0
        if l2 > 0 {
            penalty += Scalar(l2) / 2 * BLAS.dot(w, w)
            BLAS.axpy(Scalar(l2), w, &g)
        }
        if l1 > 0 {
            let l1 = Scalar(l1)
            var sum: Scalar = 0
            for i in w.indices {
                sum += Swift.abs(w[i])
                g[i] += l1 * (w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0))
            }
            penalty += l1 * sum
        }
        return penalty
    }

    /// The penalty's value over the layers' weights (and biases if included).
    @inlinable
    func penalty<Scalar: BLASScalar>(parameters: UnsafeBufferPointer<Scalar>, dense: [Dense?])
        -> Scalar
    {
        guard l1 > 0 || l2 > 0 else { return 0 }
        var value: Scalar = 0
        func add(_ range: Range<Int>) {
            let w = UnsafeBufferPointer(rebasing: parameters[range])
            value += Scalar(l2) / 2 * BLAS.dot(w, w)
            value += Scalar(l1) * w.reduce(0) { $0 + Swift.abs($1) }
        }
        for case let layer? in dense {
            add(layer.weightRange)
            if includesBiases { add(layer.biasRange) }
        }
        return value
    }
}
