import RealModule
import Tensor

/// How the learning rate changes as training goes on: `gamma_k = gamma_0 m(k)`,
/// where `gamma_0` is an optimizer's `learningRate` and `k` the number of
/// updates applied before the current one (the first update uses `k = 0`).
///
/// On an ill-conditioned bowl decay helps: a large rate at first moves fast
/// along the flat directions, a smaller one later damps the oscillations
/// across the steep ones. Every schedule but ``reduceOnPlateau(_:)`` is a
/// function of the optimizer's step count alone, which ``OptimizerState``
/// saves, so a resumed run continues the schedule where it stopped.
/// ``reduceOnPlateau(_:)`` also depends on the epochs' losses, which the
/// caller reports with ``observe(_:)``; its state (``ReduceOnPlateau``'s
/// multiplier, best value and epoch count) lives in the schedule and is
/// saved as ``stateScalars`` (the trainer's ``OptimizerState`` carries them).
///
/// Every multiplier is a fraction of `gamma_0`, floors included, so a
/// schedule does not depend on the rate it scales.
///
/// References:
/// - Ch. C. Aggarwal, *Neural Networks and Deep Learning*, Springer 2018,
///   section 3.5 (learning rate decay: exponential and inverse).
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   section 8.3.1 (why stochastic gradient descent needs a decaying rate).
/// - I. Loshchilov, F. Hutter, "SGDR: stochastic gradient descent with warm
///   restarts", ICLR 2017, eq. 5: cosine annealing.
/// - P. Goyal et al., "Accurate, large minibatch SGD: training ImageNet in
///   1 hour", arXiv:1706.02677, 2017, section 2.2: gradual (linear) warm-up.
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
    /// Cosine annealing over `K = updates` updates (`K >= 1`) down to the
    /// fraction `a = minimum` of the initial rate (`0 <= a <= 1`):
    ///
    /// ```
    /// m(k) = a + (1 - a) (1 + cos(pi k / K)) / 2    for k <= K
    /// m(k) = a                                      for k > K
    /// ```
    ///
    /// That is `gamma_k = gamma_min + (gamma_0 - gamma_min)(1 + cos(pi k /
    /// K)) / 2` with `gamma_min = a gamma_0`: Loshchilov and Hutter's eq. 5
    /// without restarts, PyTorch's `CosineAnnealingLR(T_max=K,
    /// eta_min=a gamma_0)` and Keras's `CosineDecay(decay_steps=K,
    /// alpha=a)`. After `K` the rate stays at `gamma_min`, as in Keras
    /// (PyTorch's closed form would rise again).
    case cosineAnnealing(updates: Int, minimum: Scalar = 0)
    /// A linear warm-up over the first `W = updates` updates (`W >= 1`),
    /// multiplying the schedule `then`, which keeps counting from `k = 0`:
    ///
    /// ```
    /// m(k) = min(1, (k + 1) / W) m_then(k)
    /// ```
    ///
    /// The first update uses `gamma_0 / W` (never 0, so no update is
    /// wasted), update `W - 1` and all later ones the full rate of `then`:
    /// Goyal et al.'s gradual warm-up, and PyTorch's
    /// `LinearLR(start_factor=1/W, end_factor=1, total_iters=W-1)` chained
    /// with `then` (`ChainedScheduler`). Because `then` is not delayed,
    /// ``cosineAnnealing(updates:minimum:)`` still ends at update `K`,
    /// warm-up included (PyTorch's `SequentialLR` and Keras's
    /// `warmup_steps` start the decay after the warm-up instead).
    indirect case linearWarmup(updates: Int, then: LearningRateSchedule<Scalar> = .constant)
    /// `m(k)` = the multiplier of ``ReduceOnPlateau``: 1 at first, times
    /// its factor whenever the loss reported by ``observe(_:)`` once per
    /// epoch has not improved for its patience, never below its minimum.
    case reduceOnPlateau(ReduceOnPlateau<Scalar>)

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
        case .cosineAnnealing(let updates, let minimum):
            require(updates >= 1, "LearningRateSchedule.cosineAnnealing: updates \(updates) < 1")
            require(
                minimum >= 0 && minimum <= 1,
                "LearningRateSchedule.cosineAnnealing: minimum \(minimum) is not in [0, 1]")
            guard k < updates else { return minimum }
            let cosine = Scalar.cos(Scalar.pi * (Scalar(k) / Scalar(updates)))
            return minimum + (1 - minimum) * (1 + cosine) / 2
        case .linearWarmup(let updates, let then):
            require(updates >= 1, "LearningRateSchedule.linearWarmup: updates \(updates) < 1")
            let next = then.multiplier(atStep: k)
            return k + 1 >= updates ? next : Scalar(k + 1) / Scalar(updates) * next
        case .reduceOnPlateau(let plateau):
            return plateau.multiplier
        }
    }

    /// The learning rate `gamma_k = initial * m(k)` at step `k`.
    @inlinable
    public func learningRate(_ initial: Scalar, atStep k: Int) -> Scalar {
        initial * multiplier(atStep: k)
    }
}

extension LearningRateSchedule {
    /// The reduce-on-plateau part of the schedule, with its state: the
    /// schedule itself, or what its warm-up multiplies; `nil` when there is
    /// none.
    public var plateau: ReduceOnPlateau<Scalar>? {
        switch self {
        case .reduceOnPlateau(let plateau): plateau
        case .linearWarmup(_, let then): then.plateau
        default: nil
        }
    }

    /// Reports one epoch's monitored value (a loss: lower is better) to the
    /// reduce-on-plateau part of the schedule (``ReduceOnPlateau/observe(_:)``);
    /// every other schedule ignores it. Call it once per epoch.
    ///
    /// - Returns: whether the multiplier went down.
    @discardableResult
    public mutating func observe(_ value: Scalar) -> Bool {
        switch self {
        case .reduceOnPlateau(var plateau):
            let reduced = plateau.observe(value)
            self = .reduceOnPlateau(plateau)
            return reduced
        case .linearWarmup(let updates, var then):
            let reduced = then.observe(value)
            self = .linearWarmup(updates: updates, then: then)
            return reduced
        default:
            return false
        }
    }

    /// The names under which ``stateScalars`` saves a ``ReduceOnPlateau``'s
    /// state: its multiplier, its count of epochs without improvement and,
    /// once it has one, its best value.
    public static var plateauScalarNames: [String] {
        ["plateau.best", "plateau.epochsWithoutImprovement", "plateau.multiplier"]
    }

    /// The state of the schedule as named scalars, to save beside the
    /// optimizer's ``OptimizerState/scalars``: a ``ReduceOnPlateau``'s
    /// multiplier, epochs without improvement and best value
    /// (``plateauScalarNames``; the best value only once one was observed);
    /// empty for the other schedules, which keep no state.
    public var stateScalars: [String: Scalar] {
        guard let plateau else { return [:] }
        var scalars = [
            "plateau.multiplier": plateau.multiplier,
            "plateau.epochsWithoutImprovement": Scalar(plateau.epochsWithoutImprovement),
        ]
        if let best = plateau.best { scalars["plateau.best"] = best }
        return scalars
    }

    /// Restores the state ``stateScalars`` saved, taking its entries out of
    /// `scalars` (what remains is the optimizer's own). A schedule without
    /// a plateau takes nothing, so an optimizer that keeps no such scalars
    /// refuses them.
    ///
    /// - Throws: ``OptimizerStateError/wrongScalars(optimizer:expected:found:)``
    ///   (naming `optimizer`) when the multiplier or the epoch count is
    ///   missing or out of range.
    public mutating func restoreState(
        taking scalars: inout [String: Scalar], optimizer: String
    ) throws(OptimizerStateError) {
        guard var plateau else { return }
        let found = scalars.keys.sorted()
        let names = Self.plateauScalarNames
        guard let multiplier = scalars["plateau.multiplier"],
            let count = scalars["plateau.epochsWithoutImprovement"],
            multiplier.isFinite, multiplier >= 0, multiplier <= 1,
            count >= 0, count == count.rounded(), count < Scalar(Int32.max)
        else {
            throw .wrongScalars(optimizer: optimizer, expected: names, found: found)
        }
        plateau.multiplier = multiplier
        plateau.epochsWithoutImprovement = Int(count)
        plateau.best = scalars["plateau.best"]
        for name in names { scalars[name] = nil }
        replacePlateau(with: plateau)
    }

    /// Puts `plateau` where the schedule's reduce-on-plateau part is.
    mutating func replacePlateau(with plateau: ReduceOnPlateau<Scalar>) {
        switch self {
        case .reduceOnPlateau: self = .reduceOnPlateau(plateau)
        case .linearWarmup(let updates, var then):
            then.replacePlateau(with: plateau)
            self = .linearWarmup(updates: updates, then: then)
        default: break
        }
    }
}
