import Perceptron
import Testing

/// scikit-learn's `alpha`: its `_backprop` adds `alpha / (2 b) sum w^2` to
/// the mean loss of the `b` samples of each gradient, so the penalty per
/// sample is that of a batch for Adam and SGD and that of the whole set
/// for L-BFGS. The estimators' `Regularization.l2` (`(l2 / 2) sum w^2`)
/// is `alpha / b`, doubled under the mean squared error, which is twice
/// scikit-learn's `squared_error`.
@Suite("Estimator penalty")
struct EstimatorPenaltyTests {
    static func l2(solver: OptimizerConfiguration, samples: Int, batchSize: Int = 200) throws
        -> Double
    {
        let (x, y) = EstimatorTests.quadratic(samples, seed: 4)
        var regressor = MLPRegressor<Double>(
            configuration: MLPConfiguration(
                hiddenLayers: [8], solver: solver, maximumIterations: 1, batchSize: batchSize,
                alpha: 0.3, stopping: nil))
        try regressor.fit(x, y)
        return try #require(regressor.trainer).model.regularization.l2
    }

    @Test("a first-order rule's penalty is per batch: alpha / min(batchSize, n)")
    func firstOrderPerBatch() throws {
        #expect(try Self.l2(solver: .adam(learningRate: 0.001), samples: 500) == 2 * 0.3 / 200)
        #expect(
            try Self.l2(solver: .adam(learningRate: 0.001), samples: 500, batchSize: 50)
                == 2 * 0.3 / 50)
        // A set smaller than the batch is one batch of all its samples.
        #expect(try Self.l2(solver: .adam(learningRate: 0.001), samples: 120) == 2 * 0.3 / 120)
    }

    @Test("a second-order method's penalty is over the whole set: alpha / n")
    func secondOrderWholeSet() throws {
        #expect(try Self.l2(solver: .lbfgs(), samples: 500) == 2 * 0.3 / 500)
    }
}
