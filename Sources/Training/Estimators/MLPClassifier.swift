import Datasets
import Network
import Reporting
import Tensor

/// A multi-layer perceptron classifier in a few lines, as scikit-learn's
/// `MLPClassifier`: labels of any `Hashable & Comparable` type, the
/// features standardized, the network built and trained with the chosen
/// solver.
///
/// ```swift
/// var classifier = MLPClassifier<Float, String>(hiddenLayers: [64])
/// try classifier.fit(x, ["cat", "dog", ...])
/// let labels = classifier.predict(xTest)       // [String]
/// let accuracy = classifier.score(xTest, labelsTest)
/// ```
///
/// ``classes`` are the distinct labels in ascending order; column `c` of
/// ``predictProbabilities(_:)`` is the probability of `classes[c]`. Two
/// classes train one sigmoid output under binary cross-entropy (the
/// logistic output of scikit-learn's binary case); more train a softmax
/// output under cross-entropy.
public struct MLPClassifier<Scalar: BLASScalar, Label: Hashable & Comparable & Sendable>: Sendable {
    /// The network and how it is trained.
    public var configuration: MLPConfiguration
    /// The distinct labels of the first fit (or the `classes` given to the
    /// first ``partialFit(_:_:classes:sampleWeights:)``), ascending.
    public internal(set) var classes: [Label] = []
    var state: EstimatorState<Scalar>?

    /// A classifier; see ``MLPConfiguration/init(hiddenLayers:activation:solver:maximumIterations:batchSize:alpha:stopping:initializer:seed:warmStart:)``
    /// for the parameters and their defaults.
    public init(
        hiddenLayers: [Int] = [100], activation: Activation = .relu,
        solver: OptimizerConfiguration = .adam(learningRate: 0.001), maximumIterations: Int = 200,
        alpha: Double = 0.0001,
        seed: UInt64 = 0, warmStart: Bool = false
    ) {
        self.init(
            configuration: MLPConfiguration(
                hiddenLayers: hiddenLayers, activation: activation, solver: solver,
                maximumIterations: maximumIterations, alpha: alpha, seed: seed,
                warmStart: warmStart))
    }

    /// A classifier with every setting of `configuration`.
    public init(configuration: MLPConfiguration) { self.configuration = configuration }

    /// The fitted trainer (network, optimizer state, history), or nil before
    /// the first fit.
    public var trainer: Trainer<Scalar>? { state?.trainer }
    /// Whether a fit ran.
    public var isFitted: Bool { state != nil }

    /// Trains on `x` (`n x d`) and one label per row for the configuration's
    /// budget: from new weights, or with ``MLPConfiguration/warmStart`` from
    /// the fitted ones (the labels must then be among ``classes``).
    ///
    /// - Throws: `DatasetError` for non-finite features or bad
    ///   weights, ``EstimatorError/unknownLabel(_:)``, ``TrainingError``.
    @discardableResult
    public mutating func fit(_ x: Matrix<Scalar>, _ labels: [Label], sampleWeights: [Scalar]? = nil)
        throws -> TrainingHistory
    {
        let warm = configuration.warmStart && state != nil
        if !warm { try setClasses(labels) }
        let data = try dataset(x, labels, sampleWeights: sampleWeights)
        if warm { state!.restart(configuration) } else { start(on: data) }
        return try state!.fit(data.standardized(with: state!.featureStandardization), configuration)
    }

    /// One epoch on `x` and `labels`, keeping the optimizer's state between
    /// calls (scikit-learn's `partial_fit`). The first call needs every
    /// class that will ever appear (`classes`), as scikit-learn's does;
    /// later calls may leave it out.
    public mutating func partialFit(
        _ x: Matrix<Scalar>, _ labels: [Label], classes: [Label]? = nil,
        sampleWeights: [Scalar]? = nil
    ) throws {
        if state == nil { try setClasses(classes ?? labels) }
        let data = try dataset(x, labels, sampleWeights: sampleWeights)
        if state == nil { start(on: data) }
        try state!.partialFit(data.standardized(with: state!.featureStandardization))
    }

    /// The probability of each class for each row of `x`: `n x classes.count`,
    /// rows summing to 1.
    public func predictProbabilities(_ x: some RowMajorMatrix<Scalar>) -> Matrix<Scalar> {
        require(state != nil, "MLPClassifier.predictProbabilities: fit the classifier first")
        let outputs = state!.trainer.evaluationModel.predictProbabilities(state!.standardized(x))
        guard classes.count == 2 else { return outputs }
        var result = Matrix<Scalar>(rows: outputs.rows, columns: 2)
        for i in 0..<outputs.rows {
            (result[i, 0], result[i, 1]) = (1 - outputs[i, 0], outputs[i, 0])
        }
        return result
    }

    /// The most probable class of each row of `x`.
    public func predict(_ x: some RowMajorMatrix<Scalar>) -> [Label] {
        require(state != nil, "MLPClassifier.predict: fit the classifier first")
        return state!.trainer.evaluationModel.predictClasses(state!.standardized(x)).map {
            classes[$0]
        }
    }

    /// The fraction of rows of `x` whose predicted class is their label
    /// (scikit-learn's `score`), weighted by `sampleWeights` if given.
    public func score(
        _ x: some RowMajorMatrix<Scalar>, _ labels: [Label], sampleWeights: [Scalar]? = nil
    )
        -> Double
    {
        require(
            labels.count == x.rows, "MLPClassifier.score: \(x.rows) rows but \(labels.count) labels"
        )
        let predicted = predict(x)
        var (right, total) = (0.0, 0.0)
        for i in labels.indices {
            let weight = sampleWeights.map { Double($0[i]) } ?? 1
            total += weight
            if predicted[i] == labels[i] { right += weight }
        }
        return total > 0 ? right / total : 0
    }

    /// Sets ``classes`` to the distinct `labels`, ascending; throws unless
    /// there are two at least.
    mutating func setClasses(_ labels: [Label]) throws(EstimatorError) {
        classes = Array(Set(labels)).sorted()
        guard classes.count >= 2 else { throw .tooFewClasses(classes.count) }
    }

    /// The dataset of `x` with each label's index in ``classes``.
    func dataset(_ x: Matrix<Scalar>, _ labels: [Label], sampleWeights: [Scalar]?) throws
        -> Dataset<Scalar>
    {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let indices = try labels.map { label throws(EstimatorError) in
            guard let index = index[label] else { throw .unknownLabel(String(describing: label)) }
            return index
        }
        return try Dataset(
            features: x, labels: indices, classCount: classes.count,
            classNames: classes.map { String(describing: $0) }, sampleWeights: sampleWeights)
    }

    /// A new network for ``classes`` and a standardization fitted to `data`.
    mutating func start(on data: Dataset<Scalar>) {
        let binary = classes.count == 2
        state = EstimatorState(
            configuration, data: data, outputs: binary ? 1 : classes.count,
            loss: binary ? .binaryCrossEntropy : .softmaxCrossEntropy,
            features: Standardization(fittedTo: data))
    }
}
