import Network
import Reporting
import Tensor

/// What an ``MLPRegressor`` or ``MLPClassifier`` builds and how it trains
/// it: the hidden layers, the solver and its budget, the L2 penalty, the
/// seed. The names and defaults follow scikit-learn's `MLPRegressor` and
/// `MLPClassifier` where the two libraries mean the same thing.
public struct MLPConfiguration: Codable, Hashable, Sendable {
    /// The width of each hidden layer, input side first (scikit-learn's
    /// `hidden_layer_sizes`); `[100]` by default.
    public var hiddenLayers: [Int]
    /// The hidden layers' activation; ReLU by default.
    public var activation: Activation
    /// The first-order rule or second-order method that trains the network
    /// (scikit-learn's `solver`, with more choices): Adam with step 0.001 by
    /// default, or e.g. `.lbfgs()`.
    public var solver: OptimizerConfiguration
    /// The training budget (scikit-learn's `max_iter`): epochs for a
    /// first-order rule, iterations for a second-order method; 200 by
    /// default.
    public var maximumIterations: Int
    /// Samples per update of a first-order rule, at most the number of
    /// samples (scikit-learn's `batch_size="auto"` is `min(200, n)`).
    public var batchSize: Int
    /// The L2 penalty `alpha` as scikit-learn defines it, `alpha / (2 n)
    /// sum w^2` over the weights (not the biases) added to the mean loss of
    /// the `n` samples of each gradient: a batch of ``batchSize`` for a
    /// first-order rule (scikit-learn's `_backprop` divides by the batch's
    /// size), the whole training set for a second-order method; 0.0001 by
    /// default. (scikit-learn's last, smaller batch of an epoch divides by
    /// its own size; here every batch of a first-order rule counts as full.)
    public var alpha: Double
    /// When a first-order rule stops before ``maximumIterations``: after
    /// `patience` epochs in a row whose training loss did not fall by more
    /// than `tolerance` (scikit-learn's `n_iter_no_change` and `tol`; 10 and
    /// 0.0001 by default; nil trains every epoch). A second-order method
    /// stops by its own convergence tests.
    public var stopping: (patience: Int, tolerance: Double)? {
        get { stoppingPatience.map { ($0, stoppingTolerance) } }
        set {
            (stoppingPatience, stoppingTolerance) = (newValue?.patience, newValue?.tolerance ?? 0)
        }
    }
    /// How the weights start: Glorot uniform by default, as scikit-learn's
    /// (`U(-r, r)` with `r = sqrt(6 / (fan_in + fan_out))`; Glorot & Bengio,
    /// AISTATS 2010), and then, as in scikit-learn, the biases are drawn from
    /// the same range; nil for the package's choice per activation (He for
    /// ReLU). Under any other initializer the biases start at zero. (For a
    /// logistic activation scikit-learn narrows the range to
    /// `sqrt(2 / (fan_in + fan_out))`; here it stays Glorot's.)
    public var initializer: Initializer?
    /// The seed of the weights and of the shuffling: the same seed and data
    /// give the same model.
    public var seed: UInt64
    /// Whether ``MLPRegressor/fit(_:_:sampleWeights:)-(_,Matrix<Scalar>,_)`` continues from the
    /// fitted weights (and standardization) instead of starting afresh, as
    /// scikit-learn's `warm_start`; the optimizer's state starts anew either
    /// way (``MLPRegressor/partialFit(_:_:sampleWeights:)`` keeps it).
    public var warmStart: Bool

    @usableFromInline var stoppingPatience: Int?
    @usableFromInline var stoppingTolerance: Double

    /// A configuration; every parameter has scikit-learn's default.
    public init(
        hiddenLayers: [Int] = [100], activation: Activation = .relu,
        solver: OptimizerConfiguration = .adam(learningRate: 0.001), maximumIterations: Int = 200,
        batchSize: Int = 200, alpha: Double = 0.0001,
        stopping: (patience: Int, tolerance: Double)? = (10, 0.0001),
        initializer: Initializer? = .xavierUniform, seed: UInt64 = 0, warmStart: Bool = false
    ) {
        require(
            hiddenLayers.allSatisfy { $0 > 0 },
            "MLPConfiguration: hidden layer widths \(hiddenLayers)")
        require(maximumIterations >= 1, "MLPConfiguration: maximumIterations \(maximumIterations)")
        require(batchSize >= 1, "MLPConfiguration: batchSize \(batchSize)")
        require(alpha >= 0, "MLPConfiguration: alpha \(alpha) must be >= 0")
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.solver = solver
        self.maximumIterations = maximumIterations
        self.batchSize = batchSize
        self.alpha = alpha
        self.stoppingPatience = stopping?.patience
        self.stoppingTolerance = stopping?.tolerance ?? 0
        self.initializer = initializer
        self.seed = seed
        self.warmStart = warmStart
    }

    /// The L2 coefficient of `Regularization` (`(l2 / 2) sum w^2`
    /// added to the mean loss) that makes `loss` plus the penalty
    /// scikit-learn's objective up to a constant factor: `alpha / b`, or
    /// `2 alpha / b` under the mean squared error, which is twice
    /// scikit-learn's `squared_error` (`(y - yhat)^2 / 2`), where `b` is
    /// the number of samples of a gradient (see ``alpha``) out of the
    /// training set's `n`.
    func l2(for loss: Loss, sampleCount n: Int) -> Double {
        let b = solver.kind.isSecondOrder ? n : min(batchSize, n)
        return (loss == .meanSquaredError ? 2 : 1) * alpha / Double(max(1, b))
    }

    /// The layers of a network from `inputs` features to `outputs` outputs:
    /// each hidden layer dense with ``activation``, the last dense with the
    /// loss's own output.
    func layers(outputs: Int) -> [Layer] {
        hiddenLayers.map { .dense(outputs: $0, activation: activation) } + [
            .dense(outputs: outputs)
        ]
    }

    /// The solver as the trainer runs it, and the epochs to train: a
    /// second-order method runs ``maximumIterations`` iterations in one
    /// epoch, a first-order rule ``maximumIterations`` epochs.
    func trainingSchedule() -> (optimizer: OptimizerConfiguration, epochs: Int) {
        guard solver.kind.isSecondOrder else { return (solver, maximumIterations) }
        return (solver.withIterationsPerEpoch(maximumIterations), 1)
    }

    /// scikit-learn's stopping rule on the training loss, for a first-order
    /// rule.
    var earlyStopping: EarlyStopping? {
        guard let stoppingPatience, !solver.kind.isSecondOrder else { return nil }
        return EarlyStopping(
            metric: .loss, patience: stoppingPatience, minimumImprovement: stoppingTolerance,
            restoresBestWeights: false)
    }
}
