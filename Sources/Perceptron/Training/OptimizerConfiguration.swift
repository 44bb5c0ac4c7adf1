import Optimizers

/// Which first-order rule trains a model, with its hyperparameters: what a
/// user chooses on the command line and what a checkpoint records.
///
/// Hyperparameters left `nil` take the rule's documented default (for
/// example Adam's `0.001, 0.9, 0.999, 1e-8`). Values are Doubles so that one
/// configuration serves both precisions.
public struct OptimizerConfiguration: Codable, Hashable, Sendable {
    /// The update rules, by their command-line names.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case sgd, momentum, nesterov, adagrad, rmsprop
        case nesterovRMSProp = "nesterov-rmsprop"
        case adadelta, adam
        case deltaBarDelta = "delta-bar-delta"
    }

    /// How the learning rate changes with the step count.
    public enum Schedule: Codable, Hashable, Sendable {
        /// `gamma_k = gamma_0`.
        case constant
        /// `gamma_k = gamma_0 exp(-a k)`.
        case exponential(rate: Double)
        /// `gamma_k = gamma_0 / (1 + a k)`.
        case inverse(rate: Double)
        /// `gamma_k = gamma_0 factor^floor(k / interval)`.
        case step(factor: Double, interval: Int)
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
    /// The decay of the squared-gradient average (RMSProp, Adadelta).
    public var rho: Double?
    /// The constant added to denominators.
    public var epsilon: Double?
    /// The learning-rate schedule.
    public var schedule: Schedule
    /// The gradient clipping.
    public var clipping: Clipping

    /// A configuration; unset hyperparameters take the rule's defaults.
    public init(
        _ kind: Kind, learningRate: Double? = nil, momentum: Double? = nil, beta1: Double? = nil,
        beta2: Double? = nil, rho: Double? = nil, epsilon: Double? = nil,
        schedule: Schedule = .constant, clipping: Clipping = .none
    ) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.rho = rho
        self.epsilon = epsilon
        self.schedule = schedule
        self.clipping = clipping
    }

    /// The schedule in the optimizers' own type.
    func schedule<Scalar: BLASScalar>(as _: Scalar.Type) -> LearningRateSchedule<Scalar> {
        switch schedule {
        case .constant: .constant
        case .exponential(let rate): .exponentialDecay(rate: Scalar(rate))
        case .inverse(let rate): .inverseDecay(rate: Scalar(rate))
        case .step(let factor, let interval): .stepDecay(factor: Scalar(factor), interval: interval)
        }
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
