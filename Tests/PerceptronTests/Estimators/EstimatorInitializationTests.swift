import Perceptron
import Testing

/// How an estimator's network starts: scikit-learn's MLP draws the weights
/// and the biases of a layer from the same Glorot range, `U(-r, r)` with
/// `r = sqrt(6 / (fan_in + fan_out))`.
@Suite("Estimator initialization")
struct EstimatorInitializationTests {
    /// The parameters after one epoch of plain SGD with step 0: the
    /// initial ones.
    static func initialParameters(_ initializer: Initializer) throws -> Sequential<Double> {
        let (x, y) = EstimatorTests.quadratic(50, seed: 3)
        var regressor = MLPRegressor<Double>(
            configuration: MLPConfiguration(
                hiddenLayers: [40], solver: .sgd(learningRate: 0), maximumIterations: 1,
                stopping: nil, initializer: initializer, seed: 8))
        try regressor.fit(x, y)
        return try #require(regressor.trainer).model
    }

    @Test("Glorot uniform draws the biases from the weights' range, as scikit-learn does")
    func glorotBiases() throws {
        let model = try Self.initialParameters(.xavierUniform)
        for case let layer? in model.denseLayers {
            let r = (6 / Double(layer.inputs + layer.outputs)).squareRoot()
            let biases = layer.biasRange.map { model.parameters[$0] }
            #expect(biases.allSatisfy { abs($0) <= r })
            // Spread over the range, as the weights are: the largest of 40
            // draws (1 for the output layer) is far from zero.
            #expect(biases.map(abs).max()! > r / 100)
            if biases.count > 1 { #expect(biases.map(abs).max()! > r / 2) }
        }
    }

    @Test("under another initializer the biases start at zero")
    func otherInitializersZeroBiases() throws {
        let model = try Self.initialParameters(.he)
        for case let layer? in model.denseLayers {
            #expect(layer.biasRange.allSatisfy { model.parameters[$0] == 0 })
        }
    }
}
