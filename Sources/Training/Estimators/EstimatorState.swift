import Datasets
import Network
import Reporting
import Tensor

/// What ``MLPRegressor`` and ``MLPClassifier`` share once fitted: the
/// trainer (network, optimizer state, averaging, history) and the feature
/// standardization fitted to the first training data, and the three ways
/// they train it.
struct EstimatorState<Scalar: BLASScalar>: Sendable {
    var trainer: Trainer<Scalar>
    let featureStandardization: Standardization<Scalar>

    /// A fitted state, as read from a checkpoint.
    init(trainer: Trainer<Scalar>, featureStandardization: Standardization<Scalar>) {
        self.trainer = trainer
        self.featureStandardization = featureStandardization
    }

    /// A new network for `data` (standardized by `features`): weights drawn
    /// from the configuration's seed, `outputs` outputs under `loss`.
    init(
        _ configuration: MLPConfiguration, data: Dataset<Scalar>, outputs: Int, loss: Loss,
        features: Standardization<Scalar>
    ) {
        var generator = Xoshiro256StarStar(seed: configuration.seed)
        var model = Sequential<Scalar>(
            inputs: data.featureCount, layers: configuration.layers(outputs: outputs), loss: loss,
            initializer: configuration.initializer,
            regularization: Regularization(
                l2: configuration.l2(for: loss, sampleCount: data.count)),
            using: &generator)
        if configuration.initializer == .xavierUniform { model.drawGlorotBiases(using: &generator) }
        let (optimizer, _) = configuration.trainingSchedule()
        trainer = Trainer(
            model: model, optimizer: optimizer,
            batchSize: min(configuration.batchSize, max(1, data.count)),
            earlyStopping: configuration.earlyStopping, using: &generator)
        featureStandardization = features
    }

    /// The fitted network trained again from its weights with a fresh
    /// optimizer (scikit-learn's `warm_start`).
    mutating func restart(_ configuration: MLPConfiguration) {
        var generator = trainer.generator
        let (optimizer, _) = configuration.trainingSchedule()
        trainer = Trainer(
            model: trainer.evaluationModel, optimizer: optimizer, batchSize: trainer.batchSize,
            earlyStopping: configuration.earlyStopping, using: &generator)
    }

    /// Trains the configuration's budget on `data` (already standardized).
    mutating func fit(_ data: Dataset<Scalar>, _ configuration: MLPConfiguration) throws
        -> TrainingHistory
    {
        try trainer.fit(training: data, additionalEpochs: configuration.trainingSchedule().epochs)
    }

    /// One more epoch on `data`, the optimizer's state and the average kept.
    mutating func partialFit(_ data: Dataset<Scalar>) throws {
        let stopping = trainer.earlyStopping
        trainer.earlyStopping = nil  // one epoch is asked for: nothing to stop
        defer { trainer.earlyStopping = stopping }
        try trainer.fit(training: data, additionalEpochs: 1)
    }

    /// `x` standardized as the training data was, row by row.
    func standardized(_ x: some RowMajorMatrix<Scalar>) -> Matrix<Scalar> {
        require(
            x.columns == featureStandardization.featureCount,
            "the estimator was fitted to \(featureStandardization.featureCount) features; got \(x.shapeDescription)"
        )
        var result = Matrix(
            rows: x.rows, columns: x.columns, elements: x.withUnsafeScalars(Array.init))
        featureStandardization.apply(to: &result)
        return result
    }
}
