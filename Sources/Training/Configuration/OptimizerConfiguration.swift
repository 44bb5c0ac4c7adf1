import Tensor
import Optimizers

/// Which optimizer trains a model, with its hyperparameters: what a user
/// chooses on the command line and what a checkpoint records.
///
/// The configuration is its ``method``: one case per update rule or
/// second-order method, each carrying a value of that method's own options
/// type (``AdamOptions``, ``LBFGSOptions``, ...), which holds exactly the
/// settings the method reads, so that no setting can be given to a method
/// that would ignore it (`beta1` exists for Adam and AdamW only).
///
/// A first-order rule updates the weights after every mini-batch; a
/// second-order method (``Kind/isSecondOrder``: BFGS, L-BFGS, nonlinear CG,
/// Hessian-free, Newton) minimizes the full-batch loss with a line search or
/// a trust region; see ``Trainer`` for how it runs one.
///
/// A first-order setting left `nil` takes the rule's documented default (for
/// example Adam's `0.001, 0.9, 0.999, 1e-8`), and stays `nil` in the
/// configuration and its checkpoint. Values are Doubles so that one
/// configuration serves both precisions.
///
/// Every method also has a static member that takes exactly its settings,
/// with its update formula in its documentation:
///
/// ```swift
/// let adam: OptimizerConfiguration = .adam(learningRate: 3e-4)
/// let momentum: OptimizerConfiguration = .momentum(learningRate: 0.05, momentum: 0.9)
/// let lbfgs: OptimizerConfiguration = .lbfgs(historySize: 20)
/// let adamW = OptimizerConfiguration(.adamW(.init(weightDecay: 0.05, beta2: 0.99)))
/// ```
///
/// Checkpoints store it as JSON in its typed form, the method's
/// command-line name over its options (`{"method": {"adam": {"beta1": 0.8,
/// ...}}}`); the flat form of earlier versions (`{"kind": "adam", "beta1":
/// 0.8, ...}`) is still read (``init(from:)``).
public struct OptimizerConfiguration: Codable, Hashable, Sendable {
    /// The methods' names without their options: the update rules and the
    /// second-order methods, by their command-line names.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// `GradientDescent`.
        case sgd
        /// `Momentum`: Polyak's heavy ball.
        case momentum
        /// `NesterovMomentum`.
        case nesterov
        /// `AdaGrad`: rates scaled by the summed squared gradients.
        case adagrad
        /// `RMSProp`: rates scaled by an average of squared gradients.
        case rmsprop
        /// `NesterovRMSProp`: RMSProp with Nesterov momentum.
        case nesterovRMSProp = "nesterov-rmsprop"
        /// `Adadelta`: RMSProp with the step's own running scale.
        case adadelta
        /// `Adam`: bias-corrected moment estimates.
        case adam
        /// `AdamW`: Adam with decoupled weight decay.
        case adamW = "adamw"
        /// `DeltaBarDelta`: a rate per parameter, adapted by sign agreement.
        case deltaBarDelta = "delta-bar-delta"
        /// `BFGS`: a dense inverse-Hessian approximation.
        case bfgs
        /// `LBFGS`: the last `m` steps' curvature.
        case lbfgs
        /// `NonlinearConjugateGradient`.
        case cg
        /// `HessianFree`: truncated Newton with finite-difference
        /// Hessian-vector products.
        case hessianFree = "hessian-free"
        /// `Newton`: a dense finite-difference Hessian and LAPACK.
        case newton
    }

    /// How the learning rate changes with the update count `k` (from 0),
    /// or with the epochs' losses (``plateau(factor:patience:minimum:minimumImprovement:)``).
    /// Each case maps to a `LearningRateSchedule` case, whose
    /// documentation gives its formula and sources; every floor is a
    /// fraction of `gamma_0`.
    public indirect enum Schedule: Codable, Hashable, Sendable {
        /// `gamma_k = gamma_0`.
        case constant
        /// `gamma_k = gamma_0 exp(-a k)`.
        case exponential(rate: Double)
        /// `gamma_k = gamma_0 / (1 + a k)`.
        case inverse(rate: Double)
        /// `gamma_k = gamma_0 factor^floor(k / interval)`.
        case step(factor: Double, interval: Int)
        /// Cosine annealing over `K = updates` updates, down to `gamma_min =
        /// minimum gamma_0` (`0 <= minimum <= 1`) and staying there:
        /// `gamma_k = gamma_min + (gamma_0 - gamma_min)(1 + cos(pi k / K)) / 2`
        /// for `k <= K` (Loshchilov and Hutter, "SGDR", ICLR 2017;
        /// `LearningRateSchedule.cosineAnnealing(updates:minimum:)`).
        case cosine(updates: Int, minimum: Double = 0)
        /// A linear warm-up over the first `W = updates` updates, multiplying
        /// the schedule `then`: `gamma_k = min(1, (k + 1) / W) gamma_k(then)`,
        /// with `then` counting from `k = 0` (Goyal et al., "Accurate, large
        /// minibatch SGD", 2017; `LearningRateSchedule.linearWarmup(updates:then:)`).
        case warmup(updates: Int, then: Schedule = .constant)
        /// Reduce-on-plateau: the rate is multiplied by `factor` (in `(0,
        /// 1)`) after `patience` epochs in a row in which the validation
        /// loss (the training loss without a validation set) did not fall
        /// more than `minimumImprovement` below its best, and never goes
        /// below `minimum gamma_0`. ``Trainer`` reports the loss after every
        /// epoch; the state travels in the optimizer's state, so a resumed
        /// run continues exactly (`ReduceOnPlateau`, Keras's
        /// `ReduceLROnPlateau`).
        case plateau(
            factor: Double, patience: Int, minimum: Double = 0, minimumImprovement: Double = 0)
    }

    /// Gradient clipping before each update.
    public enum Clipping: Codable, Hashable, Sendable {
        /// No clipping.
        case none
        /// Each component into `[minimum, maximum]`.
        case value(minimum: Double, maximum: Double)
        /// The whole gradient scaled down to norm `threshold` when longer.
        case norm(threshold: Double)
    }

    /// The method and its options.
    public var method: Method

    /// The configuration of `method`.
    public init(_ method: Method) {
        self.method = method
    }

    /// The method `kind` with every option at its default (for example
    /// `OptimizerConfiguration(.adam)`: Adam with `gamma = 0.001`, `beta1 =
    /// 0.9`, `beta2 = 0.999`, `epsilon = 1e-8`, a constant rate and no
    /// clipping).
    public init(_ kind: Kind) {
        self.init(Method(defaultsOf: kind))
    }

    /// The method's name without its options.
    public var kind: Kind { method.kind }
}

extension OptimizerConfiguration.Clipping {
    /// The clipping in the optimizers' own type.
    func converted<Scalar: BLASScalar>() -> GradientClipping<Scalar> {
        switch self {
        case .none: .none
        case .value(let minimum, let maximum):
            .byValue(minimum: Scalar(minimum), maximum: Scalar(maximum))
        case .norm(let threshold): .byNorm(threshold: Scalar(threshold))
        }
    }
}

extension OptimizerConfiguration.Schedule {
    /// The schedule in the optimizers' own type; a plateau starts with no
    /// state (multiplier 1).
    func converted<Scalar: BLASScalar>() -> LearningRateSchedule<Scalar> {
        switch self {
        case .constant: .constant
        case .exponential(let rate): .exponentialDecay(rate: Scalar(rate))
        case .inverse(let rate): .inverseDecay(rate: Scalar(rate))
        case .step(let factor, let interval): .stepDecay(factor: Scalar(factor), interval: interval)
        case .cosine(let updates, let minimum):
            .cosineAnnealing(updates: updates, minimum: Scalar(minimum))
        case .warmup(let updates, let then): .linearWarmup(updates: updates, then: then.converted())
        case .plateau(let factor, let patience, let minimum, let minimumImprovement):
            .reduceOnPlateau(
                ReduceOnPlateau(
                    factor: Scalar(factor), patience: patience, minimum: Scalar(minimum),
                    minimumImprovement: Scalar(minimumImprovement)))
        }
    }
}
