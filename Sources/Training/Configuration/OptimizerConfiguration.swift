import Tensor
import Optimizers

/// Which optimizer trains a model, with its hyperparameters: what a user
/// chooses on the command line and what a checkpoint records.
///
/// A first-order rule updates the weights after every mini-batch; a
/// second-order method (``Kind/isSecondOrder``: BFGS, L-BFGS, nonlinear CG,
/// Hessian-free, Newton) minimizes the full-batch loss with a line search or
/// a trust region; see ``lbfgs(historySize:batchSize:iterationsPerEpoch:)``
/// and its siblings for how ``Trainer`` runs it.
///
/// Hyperparameters left `nil` take the method's documented default (for
/// example Adam's `0.001, 0.9, 0.999, 1e-8`). Values are Doubles so that one
/// configuration serves both precisions.
///
/// Every method has a static member that takes exactly the settings it
/// uses, with its update formula in its documentation:
///
/// ```swift
/// let adam: OptimizerConfiguration = .adam(learningRate: 3e-4)
/// let momentum: OptimizerConfiguration = .momentum(learningRate: 0.05, momentum: 0.9)
/// let lbfgs: OptimizerConfiguration = .lbfgs(historySize: 20)
/// ```
public struct OptimizerConfiguration: Codable, Hashable, Sendable {
    /// The update rules and the second-order methods, by their command-line
    /// names.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case sgd, momentum, nesterov, adagrad, rmsprop
        case nesterovRMSProp = "nesterov-rmsprop"
        case adadelta, adam
        /// `AdamW`: Adam with decoupled weight decay.
        case adamW = "adamw"
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

    /// The rule.
    public var kind: Kind
    /// The initial learning rate `gamma_0`.
    public var learningRate: Double?
    /// The momentum `beta` (momentum, Nesterov, Nesterov RMSProp).
    public var momentum: Double?
    /// Adam's first- and second-moment decays.
    public var beta1: Double?
    /// Adam's second-moment decay.
    public var beta2: Double?
    /// AdamW's decoupled weight decay `lambda`.
    public var weightDecay: Double?
    /// The decay of the squared-gradient average (RMSProp, Adadelta).
    public var rho: Double?
    /// The constant added to denominators.
    public var epsilon: Double?
    /// The learning-rate schedule.
    public var schedule: Schedule
    /// The gradient clipping.
    public var clipping: Clipping
    /// Second-order methods: minimizer iterations per epoch of the history
    /// (`nil`: ``Kind/defaultIterationsPerEpoch``).
    public var iterationsPerEpoch: Int?
    /// L-BFGS: the number of step pairs kept, `m` (`nil`: 10, scipy's).
    public var historySize: Int?
    /// L-BFGS: samples drawn afresh every epoch from the training set for a
    /// large-batch run (`nil`, or at least the training set's size: the whole
    /// training set).
    public var batchSize: Int?
    /// Nonlinear CG: the formula for `beta` (`nil`: Polak-Ribiere+).
    public var conjugateGradientFormula: ConjugateGradientFormula?
    /// Hessian-free: the initial Levenberg-Marquardt damping `lambda` (`nil`: 1).
    public var damping: Double?
    /// Second-order methods: converged when `||g|| <= gradientTolerance *
    /// max(1, ||w||)` (`nil`: `StoppingCriteria`'s default for
    /// the precision, `1e-5` in Float, `1e-9` in Double).
    public var gradientTolerance: Double?
    /// Second-order methods: converged when an iteration lowers the loss by
    /// a relative amount no larger than this (`nil`: `1e-7` in Float, machine
    /// epsilon in Double; 0 turns the test off).
    public var relativeDecreaseTolerance: Double?

    /// A configuration; unset hyperparameters take the rule's defaults.
    public init(
        _ kind: Kind, learningRate: Double? = nil, momentum: Double? = nil, beta1: Double? = nil,
        beta2: Double? = nil, rho: Double? = nil, epsilon: Double? = nil,
        weightDecay: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
    ) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.clipping = clipping
    }

    /// The schedule in the optimizers' own type.
    func schedule<Scalar: BLASScalar>(as _: Scalar.Type) -> LearningRateSchedule<Scalar> {
        schedule.converted()
    }

    /// The clipping in the optimizers' own type.
    func clipping<Scalar: BLASScalar>(as _: Scalar.Type) -> GradientClipping<Scalar> {
        switch clipping {
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
