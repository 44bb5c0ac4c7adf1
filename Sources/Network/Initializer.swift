import RealModule
import Tensor

/// How a dense layer's weights are drawn; biases start at zero.
///
/// Experiments with deep tanh networks show why it matters (X. Glorot,
/// Y. Bengio, "Understanding the difficulty of training deep feedforward
/// neural networks", AISTATS 2010): too small and the activations collapse
/// towards zero layer by layer, too large and the units saturate; scaling by
/// the fan-in keeps the variance of the activations of order one (Glorot and
/// Bengio, section 4.2; LeCun, Bottou, Orr and Müller, "Efficient BackProp",
/// 1998, section 4.6).
public enum Initializer: Hashable, Sendable, Codable {
    /// `0.01 * N(0, 1)`: "small random" weights.
    case smallRandom
    /// `sigma * N(0, 1)` with a given `sigma` (`1.0` is the "too large" case
    /// for a deep tanh network).
    case normal(standardDeviation: Double)
    /// `U(-r, r)`; `r = 1` is the `2 * random() - 1` of small XOR networks.
    case uniform(bound: Double)
    /// Glorot & Bengio (2010), normal: `N(0, 2 / (fanIn + fanOut))`.
    case xavierNormal
    /// Glorot & Bengio (2010), uniform: `U(-r, r)`, `r = sqrt(6 / (fanIn + fanOut))`.
    case xavierUniform
    /// `N(0, 1) / sqrt(fanIn)` (LeCun, Bottou, Orr and Müller, "Efficient
    /// BackProp", 1998), in NumPy
    /// `np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)`; often also called
    /// "Xavier" initialization, as it meets Glorot and Bengio's forward
    /// condition `Var(W) = 1 / fanIn`.
    case lecunNormal
    /// He et al. (2015), for ReLU: `N(0, 2 / fanIn)`.
    case he

    /// The initializer suited to an activation: He for the ReLU family,
    /// Glorot (normal) otherwise.
    public static func recommended(for activation: Activation) -> Initializer {
        switch activation {
        case .relu, .leakyReLU: .he
        default: .xavierNormal
        }
    }

    /// Fills `weights` (a `fanIn x fanOut` matrix) from `generator`.
    @inlinable
    public func fill<Scalar: BLASScalar>(
        _ weights: inout some MutableScalarBuffer<Scalar>, fanIn: Int, fanOut: Int,
        using generator: inout some RandomNumberGenerator
    ) {
        let (fanIn, fanOut) = (Scalar(fanIn), Scalar(fanOut))
        switch self {
        case .smallRandom:
            weights.fillNormal(standardDeviation: 0.01, using: &generator)
        case .normal(let deviation):
            weights.fillNormal(standardDeviation: Scalar(deviation), using: &generator)
        case .uniform(let bound):
            weights.fillUniform(in: -Scalar(bound)...Scalar(bound), using: &generator)
        case .xavierNormal:
            weights.fillNormal(standardDeviation: Scalar.sqrt(2 / (fanIn + fanOut)), using: &generator)
        case .xavierUniform:
            let r = Scalar.sqrt(6 / (fanIn + fanOut))
            weights.fillUniform(in: -r...r, using: &generator)
        case .lecunNormal:
            weights.fillNormal(standardDeviation: 1 / Scalar.sqrt(fanIn), using: &generator)
        case .he:
            weights.fillNormal(standardDeviation: Scalar.sqrt(2 / fanIn), using: &generator)
        }
    }
}
