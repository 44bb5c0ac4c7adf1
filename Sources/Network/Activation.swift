import RealModule
import Tensor

/// The nonlinearity `f` of a layer, `A = f(Z)`, applied element-wise (row by
/// row for ``softmax``).
///
/// Each derivative is computed from the output `A` rather than the input
/// `Z` (for example `sigma'(z) = a (1 - a)`), so a layer keeps only its
/// output for the backward pass and `Z` is overwritten in place.
public enum Activation: Hashable, Sendable, Codable {
    /// `f(z) = z`, `f' = 1`: the output layer of a regression or the logits
    /// of a classifier whose loss applies softmax or sigmoid itself.
    case identity
    /// `f(z) = sign(z)` in `{-1, 0, 1}`, `f' = 0` almost everywhere: the
    /// perceptron's threshold unit. No gradient flows through it.
    case sign
    /// The logistic function `sigma(z) = 1 / (1 + e^-z)`,
    /// `sigma' = sigma (1 - sigma)`. Evaluated without overflow for any `z`.
    case sigmoid
    /// `tanh(z)`, `f' = 1 - tanh^2`.
    case tanh
    /// `max(0, z)`, `f' = 1` for `z > 0`, else `0`.
    case relu
    /// `max(slope z, z)` with `0 <= slope < 1`, `f' = 1` for `z > 0`, else
    /// `slope` (0.01 by default, as in Maas, Hannun and Ng, "Rectifier
    /// nonlinearities improve neural network acoustic models", ICML 2013).
    case leakyReLU(slope: Double = 0.01)
    /// `max(-1, min(1, z))`, `f' = 1` for `-1 < z < 1`, else `0`.
    case hardTanh
    /// Row-wise `softmax(z)_i = e^(z_i - max z) / sum_j e^(z_j - max z)`
    /// (the maximum is subtracted so no exponent overflows). Its Jacobian
    /// gives `dZ_i = a_i (dA_i - sum_j a_j dA_j)`. For classification prefer
    /// `.identity` with ``Loss/softmaxCrossEntropy``, whose fused gradient
    /// `o - y` is exact where `log(softmax)` would underflow.
    case softmax

    /// `f(z)` for one element. Not defined for ``softmax``, which needs the
    /// whole row.
    @inlinable
    public func value<Scalar: BLASScalar>(_ z: Scalar) -> Scalar {
        switch self {
        case .identity: z
        case .sign: Self.sign(z)
        // The vectorized kernels of whole layers, so that one element and a
        // batch agree to the last bit.
        case .sigmoid: Self.single(z, Scalar.vectorLogistic)
        case .tanh: Self.single(z, Scalar.vectorTanh)
        case .relu: Self.relu(z)
        case .leakyReLU(let slope): Self.leakyReLU(z, slope: Scalar(slope))
        case .hardTanh: Self.hardTanh(z)
        case .softmax: fatalError("softmax is defined on rows, not elements")
        }
    }

    // The element-wise formulas, shared by `value` and the batch loops.
    // Swift.max(x, y) is `y >= x ? y : x`, so a NaN z passes through. They
    // have no branch that leaves z as it is: in a loop over memory such a
    // branch becomes a conditional store, which does not vectorize (ReLU
    // training ran 20% slower that way).

    @inlinable @inline(__always)
    static func relu<Scalar: BLASScalar>(_ z: Scalar) -> Scalar { Swift.max(z, 0) }

    /// `max(z, slope z)`, which is the leaky ReLU because `slope < 1`.
    @inlinable @inline(__always)
    static func leakyReLU<Scalar: BLASScalar>(_ z: Scalar, slope: Scalar) -> Scalar {
        Swift.max(z, slope * z)
    }

    @inlinable @inline(__always)
    static func hardTanh<Scalar: BLASScalar>(_ z: Scalar) -> Scalar {
        Swift.min(Swift.max(z, -1), 1)
    }

    /// 0 stays 0 and NaN stays NaN.
    @inlinable @inline(__always)
    static func sign<Scalar: BLASScalar>(_ z: Scalar) -> Scalar { z > 0 ? 1 : (z < 0 ? -1 : z) }

    @inlinable
    static func single<Scalar: BLASScalar>(
        _ z: Scalar, _ kernel: (UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> Scalar {
        var x = z
        kernel(&x, 1)
        return x
    }

    /// `f'(z)` expressed through the output `a = f(z)`. Not defined for
    /// ``softmax``, whose derivative is a Jacobian.
    @inlinable
    public func derivative<Scalar: BLASScalar>(output a: Scalar) -> Scalar {
        switch self {
        case .identity: 1
        case .sign: 0
        case .sigmoid: a * (1 - a)
        case .tanh: 1 - a * a
        case .relu: a > 0 ? 1 : 0
        case .leakyReLU(let slope): a > 0 ? 1 : Scalar(slope)
        case .hardTanh: a > -1 && a < 1 ? 1 : 0
        case .softmax: fatalError("softmax has a Jacobian, not an element-wise derivative")
        }
    }

    /// Replaces every element of `Z` with `f(z)` (each row with
    /// `softmax(z)`).
    @inlinable
    public func apply<Scalar: BLASScalar>(to z: MatrixView<Scalar>) {
        validate()
        switch self {
        case .identity: return
        case .softmax: Softmax.apply(to: z)
        case .tanh: Scalar.vectorTanh(z.baseAddress, count: z.count)
        case .sigmoid: Scalar.vectorLogistic(z.baseAddress, count: z.count)
        // One loop per activation with its case spelled out, so the switch in
        // `value` folds away and each loop is compiled (and vectorized) on
        // its own.
        case .relu: Self.map(z, Self.relu)
        case .leakyReLU(let slope):
            let slope = Scalar(slope)
            Self.map(z) { Self.leakyReLU($0, slope: slope) }
        case .hardTanh: Self.map(z, Self.hardTanh)
        case .sign: Self.map(z, Self.sign)
        }
    }

    /// `Z[i] = f(Z[i])` over raw pointers, inlined with its `f`.
    @inlinable @inline(__always)
    static func map<Scalar: BLASScalar>(_ z: MatrixView<Scalar>, _ f: (Scalar) -> Scalar) {
        let elements = z.baseAddress
        for i in 0..<z.count { elements[i] = f(elements[i]) }
    }

    /// Turns the gradient with respect to the output, `dA`, into the
    /// gradient with respect to the input, `dZ = dA * f'(Z)` (element-wise;
    /// through the Jacobian for softmax), in place. `output` is `A = f(Z)`.
    @inlinable
    public func backpropagate<Scalar: BLASScalar>(
        output a: MatrixView<Scalar>, gradient dA: MatrixView<Scalar>
    ) {
        require(
            a.rows == dA.rows && a.columns == dA.columns,
            "Activation: A is \(a.shapeDescription) but dA is \(dA.shapeDescription)")
        switch self {
        case .identity: return
        case .relu: Self.scale(dA, by: a) { $0 > 0 ? 1 : 0 }
        case .sigmoid: Self.scale(dA, by: a) { $0 * (1 - $0) }
        case .tanh: Self.scale(dA, by: a) { 1 - $0 * $0 }
        case .softmax: Softmax.backpropagate(output: a, gradient: dA)
        default: Self.scale(dA, by: a) { derivative(output: $0) }
        }
    }

    /// `dA[i] *= f'(A[i])` over raw pointers, inlined with its `f'`.
    @inlinable @inline(__always)
    static func scale<Scalar: BLASScalar>(
        _ dA: MatrixView<Scalar>, by a: MatrixView<Scalar>, _ derivative: (Scalar) -> Scalar
    ) {
        let (gradients, outputs) = (dA.baseAddress, a.baseAddress)
        for i in 0..<a.count { gradients[i] *= derivative(outputs[i]) }
    }

    /// Stops on a leaky ReLU slope outside `[0, 1)`: a negative slope flips
    /// the sign of negative inputs, and the derivative read from the output
    /// would then be wrong.
    @inlinable
    public func validate() {
        if case .leakyReLU(let slope) = self {
            require(slope >= 0 && slope < 1, "leakyReLU: slope \(slope) is not in [0, 1)")
        }
    }

    /// The name used in summaries, checkpoints and on the command line.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .sign: "sign"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyReLU(let slope): slope == 0.01 ? "leaky-relu" : "leaky-relu(\(slope))"
        case .hardTanh: "hard-tanh"
        case .softmax: "softmax"
        }
    }

    /// Every activation, with leaky ReLU at its default slope.
    public static let allCases: [Activation] = [
        .identity, .sign, .sigmoid, .tanh, .relu, .leakyReLU(), .hardTanh, .softmax,
    ]
}

/// The logistic function `1 / (1 + e^-z)` evaluated so that no exponent is
/// positive: for `z < 0` it is `e^z / (1 + e^z)`.
@inlinable
func logistic<Scalar: BLASScalar>(_ z: Scalar) -> Scalar {
    if z >= 0 { return 1 / (1 + Scalar.exp(-z)) }
    let e = Scalar.exp(z)
    return e / (1 + e)
}
