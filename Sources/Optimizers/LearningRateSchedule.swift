import RealModule
import Tensor

/// How the learning rate changes with the step count: `gamma_k = gamma_0 m(k)`,
/// where `gamma_0` is an optimizer's `learningRate` and `k` the number of
/// updates applied before the current one (the first update uses `k = 0`).
///
/// On an ill-conditioned bowl decay helps: a large rate at first moves fast
/// along the flat directions, a smaller one later damps the oscillations
/// across the steep ones. Because the multiplier depends only on
/// the optimizer's step count, which ``OptimizerState`` saves, a resumed run
/// continues the schedule where it stopped.
///
/// References:
/// - Ch. C. Aggarwal, *Neural Networks and Deep Learning*, Springer 2018,
///   section 3.5 (learning rate decay: exponential and inverse).
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   section 8.3.1 (why stochastic gradient descent needs a decaying rate).
public enum LearningRateSchedule<Scalar: BLASScalar>: Codable, Equatable, Sendable {
    /// `m(k) = 1`.
    case constant
    /// `m(k) = exp(-a k)`, with `rate` `a >= 0`.
    case exponentialDecay(rate: Scalar)
    /// `m(k) = 1 / (1 + a k)`, with `rate` `a >= 0`.
    case inverseDecay(rate: Scalar)
    /// `m(k) = factor^floor(k / interval)`: the rate is multiplied by
    /// `factor` (in `(0, 1]` to decay) every `interval` steps (`interval >= 1`).
    case stepDecay(factor: Scalar, interval: Int)

    /// The multiplier `m(k)` of the initial learning rate at step `k >= 0`.
    @inlinable
    public func multiplier(atStep k: Int) -> Scalar {
        require(k >= 0, "LearningRateSchedule: step \(k) < 0")
        switch self {
        case .constant:
            return 1
        case .exponentialDecay(let a):
            require(a >= 0, "LearningRateSchedule.exponentialDecay: rate \(a) < 0")
            return Scalar.exp(-a * Scalar(k))
        case .inverseDecay(let a):
            require(a >= 0, "LearningRateSchedule.inverseDecay: rate \(a) < 0")
            return 1 / (1 + a * Scalar(k))
        case .stepDecay(let factor, let interval):
            require(factor > 0, "LearningRateSchedule.stepDecay: factor \(factor) <= 0")
            require(interval >= 1, "LearningRateSchedule.stepDecay: interval \(interval) < 1")
            return Scalar.pow(factor, k / interval)
        }
    }

    /// The learning rate `gamma_k = initial * m(k)` at step `k`.
    @inlinable
    public func learningRate(_ initial: Scalar, atStep k: Int) -> Scalar {
        initial * multiplier(atStep: k)
    }
}
