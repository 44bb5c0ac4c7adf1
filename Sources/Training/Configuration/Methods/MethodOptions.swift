import Tensor

// What the options types of the methods have in common, for the trainer's
// own use (`OptimizerConfiguration.Method.firstOrderOptions`,
// `secondOrderOptions`); users read them by switching on the method.

/// The options of one ``OptimizerConfiguration/Method`` case.
protocol MethodOptions: Codable, Hashable, Sendable {}

/// What the options of every first-order rule hold besides the rule's own
/// hyperparameters: the initial learning rate `gamma_0`, its schedule and
/// the clipping of the gradient.
protocol FirstOrderRuleOptions: MethodOptions {
    /// `gamma_0`; `nil`: the rule's default.
    var learningRate: Double? { get set }
    /// How `gamma` changes with the update count.
    var schedule: OptimizerConfiguration.Schedule { get }
    /// The clipping applied to the gradient before the update.
    var clipping: OptimizerConfiguration.Clipping { get }
}

/// What the options of every second-order method hold: the length of an
/// epoch in iterations and the convergence tolerances.
protocol SecondOrderMethodOptions: MethodOptions {
    /// Minimizer iterations per epoch; `nil`: the method's default
    /// (``OptimizerConfiguration/Kind/defaultIterationsPerEpoch``).
    var iterationsPerEpoch: Int? { get }
    /// Converged when `||g|| <= gradientTolerance * max(1, ||w||)`; `nil`:
    /// the precision's default.
    var gradientTolerance: Double? { get }
    /// Converged when an iteration lowers the loss by this relative amount
    /// or less; `nil`: the precision's default.
    var relativeDecreaseTolerance: Double? { get }
}

extension Double? {
    /// The setting in `Scalar`, or `fallback` when it is unset. The rules'
    /// defaults are given as `Scalar` literals, so that a Float default is
    /// rounded once, from its decimal.
    func scalar<Scalar: BLASScalar>(or fallback: Scalar) -> Scalar {
        map { Scalar($0) } ?? fallback
    }
}

/// Requires a second-order method's iterations per epoch to be positive.
func requirePositiveIterations(_ iterationsPerEpoch: Int?, of kind: OptimizerConfiguration.Kind) {
    require(
        (iterationsPerEpoch ?? 1) > 0,
        "\(kind.rawValue): iterationsPerEpoch \(iterationsPerEpoch ?? 0) must be positive")
}
