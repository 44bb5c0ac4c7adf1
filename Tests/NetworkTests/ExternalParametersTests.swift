import Network
import Tensor
import Testing

/// An optimizer that owns the parameter vector evaluates the network at it
/// directly: the same loss and gradient as the model's own buffers give.
@Suite("Parameters held outside the model")
struct ExternalParametersTests {
    @Test("loss and gradient at an outside vector equal those at the model's own")
    func sameAsInternal() throws {
        var model = makeModel(
            Double.self, inputs: 4,
            layers: [.dense(outputs: 6, activation: .tanh), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l2: 1e-3))
        let x = Matrix<Double>.random(8, 4, seed: 1)
        let labels = Targets<Double>(labels: [0, 1, 2, 0, 1, 2, 0, 1])
        var outside = model.parameters
        outside.apply { $0 * 0.5 }  // a different point than the model's
        var gradient = [Double](repeating: .nan, count: model.parameterCount)
        let own = model.gradient

        let value = try model.lossAndGradient(x, labels, at: outside, gradient: &gradient, mode: .inference)
        #expect(model.gradient == own)  // the model's buffers are untouched
        #expect(try model.loss(x, labels, at: outside) == value)

        model.parameters = outside
        let reference = try model.lossAndGradient(x, labels, mode: .inference)
        #expect(value == reference)
        #expect(gradient == model.gradient)
    }

    @Test("a vector of the wrong length stops with both lengths named")
    func wrongLengthStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var model = makeModel(Double.self, inputs: 2, layers: [.dense(outputs: 1)], loss: .meanSquaredError)
            var gradient = [Double](repeating: 0, count: 3)
            _ = try? model.lossAndGradient(
                Matrix<Double>(rows: 1, columns: 2), Targets(values: Matrix(rows: 1, columns: 1)),
                at: [1.0, 2.0], gradient: &gradient)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the model has 3 parameters; got 2 parameters and a gradient of 3"))
    }
}
