import Network
import Tensor
import Testing

/// Activation statistics layer by layer, as Glorot and Bengio (2010) track
/// them: a six-layer tanh network on `N(0, 1)` inputs
/// with weights `0.01 N(0, 1)`, `1.0 N(0, 1)` and `N(0, 1) / sqrt(fanIn)`.
@Suite("Vanishing and exploding activations")
struct DiagnosticsTests {
    static let width = 250

    func sixLayers(_ initializer: Initializer) throws -> [LayerDiagnostics] {
        var model = makeModel(
            Double.self, inputs: Self.width,
            layers: Array(repeating: .dense(outputs: Self.width, activation: .tanh), count: 6)
                + [.dense(outputs: 10)],
            loss: .softmaxCrossEntropy, initializer: initializer)
        let x = Matrix<Double>.random(200, Self.width, seed: 3)
        let labels = Targets<Double>(labels: (0..<200).map { $0 % 10 })
        return Array(try model.diagnostics(x, labels).prefix(6))
    }

    @Test("0.01 N(0,1): the deviation collapses towards 0 layer by layer")
    func tooSmall() throws {
        let layers = try sixLayers(.smallRandom)
        let deviations = layers.map(\.activations.standardDeviation)
        // Each layer multiplies the deviation by about 0.01 sqrt(250) = 0.16.
        for (previous, next) in zip(deviations, deviations.dropFirst()) {
            #expect(next < 0.25 * previous)
        }
        #expect(deviations[0] > 0.1 && deviations[0] < 0.2)
        #expect(deviations[5] < 1e-4)
        // Backward, each layer multiplies the gradient by the same small
        // factor: it vanishes on its way to the first layer.
        #expect(layers[0].gradients.standardDeviation < 1e-3 * layers[5].gradients.standardDeviation)
    }

    @Test("1.0 N(0,1): the tanh units saturate at +-1")
    func tooLarge() throws {
        for layer in try sixLayers(.normal(standardDeviation: 1)) {
            #expect(layer.activations.standardDeviation > 0.9)
            // Most units sit where tanh' = 1 - a^2 < 0.2: little gradient passes.
            #expect(layer.activations.fractionBeyond(0.9) > 0.8, "layer \(layer.layer)")
        }
    }

    @Test("N(0,1)/sqrt(fanIn): the deviation stays of order one")
    func xavier() throws {
        let layers = try sixLayers(.lecunNormal)
        for layer in layers {
            #expect(layer.activations.standardDeviation > 0.25, "layer \(layer.layer)")
            #expect(layer.activations.standardDeviation < 0.8, "layer \(layer.layer)")
            #expect(layer.activations.fractionBeyond(0.9) < 0.2, "layer \(layer.layer)")
        }
        #expect(layers.map(\.activations.histogram).allSatisfy { $0.reduce(0, +) == 200 * Self.width })
    }

    @Test("statistics of known values")
    func statistics() {
        let values: [Double] = [-1, 0, 1, 2]
        let statistics = values.withUnsafeBufferPointer { ValueStatistics($0, bins: 3) }
        #expect(statistics.mean == 0.5)
        #expect(Swift.abs(statistics.standardDeviation - 1.25.squareRoot()) < 1e-15)
        #expect(statistics.minimum == -1 && statistics.maximum == 2)
        #expect(statistics.histogram == [1, 1, 2])
    }
}
