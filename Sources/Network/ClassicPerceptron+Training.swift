import Tensor

/// How a run of the perceptron learning rule ended: what it reached, after
/// how much work, and how good the best weights along the way were.
///
/// After every epoch (and once before the first) the rule counts the
/// samples the current weights misclassify, with the same batch outputs
/// that ``ClassicPerceptron/outputs(_:)`` returns; ``errorHistory`` keeps
/// those counts.
public struct PerceptronTrainingResult: Hashable, Sendable, CustomStringConvertible {
    /// The way a run ends.
    public enum Status: String, Hashable, Sendable {
        /// Every sample is classified correctly: the weights define a
        /// separating hyperplane.
        case converged
        /// The rule stopped with samples still misclassified: the epoch limit
        /// was reached (always so when the classes are not linearly
        /// separable, like XOR; separable data with a small margin may also
        /// need more epochs, see Novikoff's bound on
        /// ``ClassicPerceptron/train(on:labels:learningRate:maximumEpochs:keepsBestWeights:)``),
        /// or an epoch made no update although the batch outputs, rounded
        /// differently from the per-sample dot products, still put a sample
        /// within rounding error of the boundary on the wrong side.
        case notSeparated
    }

    /// How the run ended.
    public let status: Status
    /// The number of epochs (passes over all samples) run; `0` when the
    /// initial weights already classify every sample.
    public let epochs: Int
    /// The number of weight updates made, that is, the number of mistakes
    /// met during the passes.
    public let updates: Int
    /// The number of samples the perceptron misclassifies as training left
    /// it: `0` when ``status`` is ``Status/converged``.
    public let errorsLeft: Int
    /// The epoch whose final weights misclassified fewest samples (`0` for
    /// the initial weights; the earliest on a tie).
    public let bestEpoch: Int
    /// The number of samples misclassified after ``bestEpoch``.
    public let bestErrors: Int
    /// `errorHistory[e]` is the number of samples misclassified after epoch
    /// `e` (`errorHistory[0]`: before training); `epochs + 1` entries.
    public let errorHistory: [Int]

    /// Whether every sample is classified correctly.
    public var converged: Bool { status == .converged }

    /// A result with the given fields.
    public init(
        status: Status, epochs: Int, updates: Int, errorsLeft: Int, bestEpoch: Int,
        bestErrors: Int, errorHistory: [Int]
    ) {
        self.status = status
        self.epochs = epochs
        self.updates = updates
        self.errorsLeft = errorsLeft
        self.bestEpoch = bestEpoch
        self.bestErrors = bestErrors
        self.errorHistory = errorHistory
    }

    /// One line, e.g. `converged after 4 epochs (9 updates)` or
    /// `not separated after 100 epochs (400 updates): 2 samples
    /// misclassified (fewest 1, after epoch 3)`.
    public var description: String {
        func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let run = "after \(counted(epochs, "epoch")) (\(counted(updates, "update")))"
        switch status {
        case .converged:
            return "converged \(run)"
        case .notSeparated:
            let left = "\(counted(errorsLeft, "sample")) misclassified"
            return "not separated \(run): \(left) (fewest \(bestErrors), after epoch \(bestEpoch))"
        }
    }
}

extension ClassicPerceptron {
    /// Trains the perceptron with the perceptron learning rule (Rosenblatt
    /// 1958), visiting the samples in their order in every epoch.
    ///
    /// For each sample `x` (a row of `samples`) with label `y` in `{0, 1}`
    /// that the current weights misclassify, `yhat = step(w . x + b) != y`:
    ///
    /// ```
    /// w <- w + eta (y - yhat) x      (one BLAS axpy)
    /// b <- b + eta (y - yhat)
    /// ```
    ///
    /// Epochs run until every sample is classified correctly or
    /// `maximumEpochs` epochs have run, never longer: the result says which
    /// (see ``PerceptronTrainingResult``).
    ///
    /// Convergence (the perceptron convergence theorem, Novikoff 1962): if
    /// some unit vector `u = (w*, b*)` separates the classes with margin
    /// `gamma > 0`, `(2 y_i - 1) u . (x_i, 1) >= gamma` for every sample, and
    /// `||(x_i, 1)|| <= R`, the rule started from zero weights makes at most
    /// `(R / gamma)^2` updates, in any sample order and for any learning
    /// rate, and so converges within that many epochs. When the classes are
    /// not linearly separable (XOR) no weights classify every sample and the
    /// run ends at the epoch limit.
    ///
    /// From zero weights every update is a multiple of `eta`, so the
    /// learning rate only scales the weights (``scaled(by:)``): the outputs,
    /// the epochs and the updates do not depend on it.
    ///
    /// - Parameters:
    ///   - samples: The inputs, one per row (`n x inputCount`).
    ///   - labels: The `n` target outputs, each `0` or `1`.
    ///   - learningRate: The step `eta > 0`; default `1`.
    ///   - maximumEpochs: The limit on epochs, `>= 0`; default `1000`.
    ///   - keepsBestWeights: When the run does not converge, leave the
    ///     perceptron with the weights of ``PerceptronTrainingResult/bestEpoch``
    ///     instead of the last ones (the pocket algorithm, Gallant 1990);
    ///     default `false`.
    /// - Returns: How the run ended; discardable.
    /// - Throws: ``NetworkError/labelOutOfRange(label:sample:classes:)`` (with
    ///   `classes == 2`) for a label other than `0` or `1`, such as the `-1`
    ///   of the `{-1, 1}` convention, before any weight changes.
    ///
    /// Shape mismatches stop with both shapes named. Samples are not checked
    /// for `NaN` or infinity: a non-finite sample that causes an update makes
    /// the weights non-finite, every output `0`, and the run ends at the
    /// epoch limit as ``PerceptronTrainingResult/Status/notSeparated``.
    @inlinable
    @discardableResult
    public mutating func train(
        on samples: some RowMajorMatrix<Scalar>, labels: some Collection<Int>,
        learningRate: Scalar = 1, maximumEpochs: Int = 1000, keepsBestWeights: Bool = false
    ) throws(NetworkError) -> PerceptronTrainingResult {
        try runLearningRule(
            samples, Array(labels), learningRate: learningRate, maximumEpochs: maximumEpochs,
            keepsBestWeights: keepsBestWeights, reorder: { _ in })
    }

    /// Trains the perceptron as
    /// ``train(on:labels:learningRate:maximumEpochs:keepsBestWeights:)``
    /// does, visiting the samples in a new random order in every epoch drawn
    /// from `generator`: the same seed gives the same weights.
    @inlinable
    @discardableResult
    public mutating func train(
        on samples: some RowMajorMatrix<Scalar>, labels: some Collection<Int>,
        learningRate: Scalar = 1, maximumEpochs: Int = 1000, keepsBestWeights: Bool = false,
        shufflingWith generator: inout some RandomNumberGenerator
    ) throws(NetworkError) -> PerceptronTrainingResult {
        try runLearningRule(
            samples, Array(labels), learningRate: learningRate, maximumEpochs: maximumEpochs,
            keepsBestWeights: keepsBestWeights, reorder: { $0.shuffle(using: &generator) })
    }

    /// The number of rows of `samples` whose output differs from their label
    /// (one GEMV).
    ///
    /// - Throws: ``NetworkError/labelOutOfRange(label:sample:classes:)`` for a
    ///   label other than `0` or `1`.
    @inlinable
    public func misclassifiedCount(
        _ samples: some RowMajorMatrix<Scalar>, labels: some Collection<Int>
    ) throws(NetworkError) -> Int {
        let labels = Array(labels)
        try checkLabels(labels, samples)
        var z = [Scalar](repeating: 0, count: samples.rows)
        return misclassifiedCount(samples, labels, workspace: &z)
    }

    /// The learning rule with the epoch order chosen by `reorder`, which
    /// gets `order` (a permutation of the sample indices) before each epoch.
    @inlinable
    mutating func runLearningRule(
        _ samples: some RowMajorMatrix<Scalar>, _ labels: [Int], learningRate: Scalar,
        maximumEpochs: Int, keepsBestWeights: Bool, reorder: (inout [Int]) -> Void
    ) throws(NetworkError) -> PerceptronTrainingResult {
        require(
            learningRate > 0 && learningRate.isFinite,
            "ClassicPerceptron.train: the learning rate must be positive and finite, got \(learningRate)"
        )
        require(
            maximumEpochs >= 0,
            "ClassicPerceptron.train: maximumEpochs must be >= 0, got \(maximumEpochs)")
        try checkLabels(labels, samples)

        var z = [Scalar](repeating: 0, count: samples.rows)
        var errors = misclassifiedCount(samples, labels, workspace: &z)
        var history = [errors]
        var best = (epoch: 0, errors: errors, weights: weights, bias: bias)
        var order = Array(0..<samples.rows)
        var epochs = 0
        var updates = 0
        while errors > 0 && epochs < maximumEpochs {
            epochs += 1
            reorder(&order)
            let epochUpdates = learningRuleEpoch(samples, labels, order, learningRate)
            updates += epochUpdates
            errors = misclassifiedCount(samples, labels, workspace: &z)
            history.append(errors)
            if errors < best.errors {
                best = (epochs, errors, keepsBestWeights ? weights : [], bias)
            }
            // No update means the next epochs would change nothing either.
            if epochUpdates == 0 { break }
        }
        if errors > 0 && keepsBestWeights && best.errors < errors {
            weights = best.weights
            bias = best.bias
            errors = best.errors
        }
        return PerceptronTrainingResult(
            status: errors == 0 ? .converged : .notSeparated, epochs: epochs, updates: updates,
            errorsLeft: errors, bestEpoch: best.epoch, bestErrors: best.errors,
            errorHistory: history)
    }

    /// One epoch of the learning rule over the samples in `order`; returns
    /// the number of updates. Per sample: one `dot` for `w . x`, and on a
    /// mistake one `axpy` for `w += eta (y - yhat) x`.
    @inlinable
    mutating func learningRuleEpoch(
        _ samples: some RowMajorMatrix<Scalar>, _ labels: [Int], _ order: [Int],
        _ learningRate: Scalar
    ) -> Int {
        let d = inputCount
        var b = bias
        var updates = 0
        samples.withUnsafeScalars { x in
            weights.withUnsafeMutableBufferPointer { w in
                for i in order {
                    let row = d > 0 ? x.baseAddress! + i * d : nil
                    var z = b
                    if let row { z += Scalar.blasDOT(count: d, x: row, y: w.baseAddress!) }
                    let error = labels[i] - Self.step(z)  // y - yhat, in {-1, 0, 1}
                    guard error != 0 else { continue }
                    let delta = learningRate * Scalar(error)
                    if let row {
                        Scalar.blasAXPY(count: d, alpha: delta, x: row, y: w.baseAddress!)
                    }
                    b += delta
                    updates += 1
                }
            }
        }
        bias = b
        return updates
    }

    /// The number of samples whose output `step(z_i)` differs from
    /// `labels[i]`, with `z` (`samples.rows` elements) as the workspace for
    /// the pre-activations.
    @inlinable
    func misclassifiedCount(
        _ samples: some RowMajorMatrix<Scalar>, _ labels: [Int], workspace z: inout [Scalar]
    ) -> Int {
        preActivations(samples, into: &z)
        var count = 0
        for i in labels.indices where Self.step(z[i]) != labels[i] { count += 1 }
        return count
    }

    /// Stops unless `samples` has ``inputCount`` columns and one row per
    /// label; throws for the first label other than `0` or `1`.
    @inlinable
    func checkLabels(_ labels: [Int], _ samples: some RowMajorMatrix<Scalar>)
        throws(NetworkError)
    {
        checkShape(samples)
        require(
            labels.count == samples.rows,
            "ClassicPerceptron: samples are \(samples.shapeDescription) but there are \(labels.count) labels"
        )
        for (sample, label) in labels.enumerated() where label != 0 && label != 1 {
            throw .labelOutOfRange(label: label, sample: sample, classes: 2)
        }
    }
}
