import Datasets
import Network
import Reporting
import Tensor

/// A multi-layer perceptron regressor in a few lines, as scikit-learn's
/// `MLPRegressor`: it standardizes the features and the targets, builds
/// the network, trains it with the chosen solver and maps its predictions
/// back to the targets' units.
///
/// ```swift
/// var regressor = MLPRegressor<Double>(hiddenLayers: [64], solver: .lbfgs())
/// try regressor.fit(x, y)                 // x: n x d, y: n x k
/// let predicted = try regressor.predict(xTest)
/// let r2 = try regressor.score(xTest, yTest)
/// ```
///
/// A thin layer over ``Trainer``: ``trainer`` is the fitted one, with its
/// history, and every first-order rule and second-order method of
/// ``OptimizerConfiguration`` can be the ``MLPConfiguration/solver``.
/// Several target columns train one network with several outputs.
public struct MLPRegressor<Scalar: BLASScalar>: Sendable {
    /// The network and how it is trained.
    public var configuration: MLPConfiguration
    /// The loss: `Loss.meanSquaredError` (the default, as
    /// scikit-learn's) or `Loss.meanAbsoluteError`.
    public var loss: Loss
    var state: EstimatorState<Scalar>?
    /// The standardization of the targets fitted by the first ``fit(_:_:sampleWeights:)-(_,Matrix<Scalar>,_)``.
    public internal(set) var targetStandardization: Standardization<Scalar>?

    /// A regressor; see ``MLPConfiguration/init(hiddenLayers:activation:solver:maximumIterations:batchSize:alpha:stopping:initializer:seed:warmStart:)``
    /// for the parameters and their defaults.
    public init(
        hiddenLayers: [Int] = [100], activation: Activation = .relu,
        solver: OptimizerConfiguration = .adam(learningRate: 0.001), maximumIterations: Int = 200,
        alpha: Double = 0.0001,
        loss: Loss = .meanSquaredError, seed: UInt64 = 0, warmStart: Bool = false
    ) {
        self.init(
            configuration: MLPConfiguration(
                hiddenLayers: hiddenLayers, activation: activation, solver: solver,
                maximumIterations: maximumIterations, alpha: alpha, seed: seed,
                warmStart: warmStart),
            loss: loss)
    }

    /// A regressor with every setting of `configuration`.
    public init(configuration: MLPConfiguration, loss: Loss = .meanSquaredError) {
        require(
            loss == .meanSquaredError || loss == .meanAbsoluteError,
            "MLPRegressor: the loss must be mse or l1, not \(loss.rawValue)")
        self.configuration = configuration
        self.loss = loss
    }

    /// The fitted trainer (network, optimizer state, history), or nil before
    /// the first fit.
    public var trainer: Trainer<Scalar>? { state?.trainer }
    /// Whether ``fit(_:_:sampleWeights:)-(_,Matrix<Scalar>,_)`` or ``partialFit(_:_:sampleWeights:)`` ran.
    public var isFitted: Bool { state != nil }
    /// The standardization of the features fitted by the first fit.
    public var featureStandardization: Standardization<Scalar>? { state?.featureStandardization }

    /// Trains on `x` (`n x d`) and `y` (`n x k` targets) for the
    /// configuration's budget: from new weights, or with
    /// ``MLPConfiguration/warmStart`` from the fitted ones.
    ///
    /// - Parameters:
    ///   - x: the features, one sample per row.
    ///   - y: the targets, one row per sample, one column per output.
    ///   - sampleWeights: one non-negative weight per sample, or nil.
    /// - Returns: the epochs' records.
    /// - Throws: `DatasetError` for non-finite values or bad
    ///   weights, ``TrainingError`` when training fails.
    @discardableResult
    public mutating func fit(
        _ x: Matrix<Scalar>, _ y: Matrix<Scalar>, sampleWeights: [Scalar]? = nil
    )
        throws -> TrainingHistory
    {
        let data = try Dataset(features: x, targets: y, sampleWeights: sampleWeights)
        if configuration.warmStart, state != nil {
            state!.restart(configuration)
        } else {
            start(on: data)
        }
        return try state!.fit(prepared(data), configuration)
    }

    /// ``fit(_:_:sampleWeights:)-(_,Matrix<Scalar>,_)`` for one target per sample.
    @discardableResult
    public mutating func fit(_ x: Matrix<Scalar>, _ y: [Scalar], sampleWeights: [Scalar]? = nil)
        throws -> TrainingHistory
    {
        try fit(x, Matrix(rows: y.count, columns: 1, elements: y), sampleWeights: sampleWeights)
    }

    /// One epoch on `x` and `y`, keeping the optimizer's state and the
    /// average between calls (scikit-learn's `partial_fit`): the first call
    /// builds the network and fits the standardizations to this data.
    public mutating func partialFit(
        _ x: Matrix<Scalar>, _ y: Matrix<Scalar>, sampleWeights: [Scalar]? = nil
    ) throws {
        let data = try Dataset(features: x, targets: y, sampleWeights: sampleWeights)
        if state == nil { start(on: data) }
        try state!.partialFit(prepared(data))
    }

    /// The predicted targets of `x`'s rows, `n x k`, in the targets' units.
    /// Stops when the regressor is not fitted or `x` has another width.
    public func predict(_ x: some RowMajorMatrix<Scalar>) -> Matrix<Scalar> {
        require(state != nil, "MLPRegressor.predict: fit the regressor first")
        let (state, targetStandardization) = (state!, targetStandardization!)
        var outputs = state.trainer.evaluationModel.predictProbabilities(state.standardized(x))
        targetStandardization.invert(&outputs)
        return outputs
    }

    /// R² of the predictions of `x` against `y`, averaged over the outputs
    /// (scikit-learn's `score`), weighted by `sampleWeights` if given.
    public func score(
        _ x: some RowMajorMatrix<Scalar>, _ y: Matrix<Scalar>, sampleWeights: [Scalar]? = nil
    )
        -> Double
    {
        metrics(x, y, sampleWeights: sampleWeights).rSquared
    }

    /// MSE, MAE and R² per output of the predictions of `x` against `y`.
    public func metrics(
        _ x: some RowMajorMatrix<Scalar>, _ y: Matrix<Scalar>, sampleWeights: [Scalar]? = nil
    )
        -> RegressionMetrics
    {
        let predicted = predict(x)
        require(
            y.rows == x.rows && y.columns == predicted.columns,
            "MLPRegressor: \(x.rows) samples and \(predicted.columns) outputs, but y is \(y.shapeDescription)"
        )
        var sums = RegressionSums(outputCount: y.columns)
        for i in 0..<y.rows {
            sums.add(
                predictions: (0..<y.columns).lazy.map { Double(predicted[i, $0]) },
                targets: (0..<y.columns).lazy.map { Double(y[i, $0]) },
                weight: sampleWeights.map { Double($0[i]) } ?? 1)
        }
        return RegressionMetrics(sums)
    }

    /// A new network and standardizations fitted to `data`.
    mutating func start(on data: Dataset<Scalar>) {
        targetStandardization = Standardization(fittedToTargetsOf: data)
        state = EstimatorState(
            configuration, data: data, outputs: data.targetCount, loss: loss,
            features: Standardization(fittedTo: data))
    }

    /// `data` standardized as the first training data was.
    func prepared(_ data: Dataset<Scalar>) -> Dataset<Scalar> {
        var data = data.standardized(with: state!.featureStandardization)
        data.standardizeTargets(with: targetStandardization!)
        return data
    }
}
