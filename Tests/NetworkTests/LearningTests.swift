import Network
import Tensor
import Testing

/// Small end-to-end runs with plain full-batch gradient descent:
/// `theta <- theta - eta dL/dtheta`.
@Suite("Learning by gradient descent")
struct LearningTests {
    func descend<Scalar>(
        _ model: inout Sequential<Scalar>, _ x: Matrix<Scalar>, _ targets: Targets<Scalar>,
        learningRate: Scalar, steps: Int
    ) throws -> Scalar {
        var loss: Scalar = 0
        for _ in 0..<steps {
            loss = try model.lossAndGradient(x, targets)
            BLAS.axpy(-learningRate, model.gradient, &model.parameters)
        }
        return loss
    }

    @Test("XOR with the 3-4-1 sigmoid network of Trask's 11 lines")
    func xor() throws {
        // A. Trask, "A neural network in 11 lines of Python" (2015): the
        // third input is a constant 1 (its bias),
        // weights 2 * random - 1, squared error, 60,000 steps of
        // syn += l.T.dot(delta). That update is descent on the summed error;
        // ours is the mean over 4 samples, so eta = 4 / 2 reproduces it.
        let x = Matrix<Double>([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
        let y = Matrix<Double>([[0], [1], [1], [0]])
        var model = makeModel(
            Double.self, inputs: 3,
            layers: [.dense(outputs: 4, activation: .sigmoid), .dense(outputs: 1, activation: .sigmoid)],
            loss: .meanSquaredError, initializer: .uniform(bound: 1), seed: 1)
        let loss = try descend(&model, x, Targets(values: y), learningRate: 2, steps: 10_000)
        let outputs = model.outputs(for: x).elements
        #expect(outputs.map { $0 > 0.5 ? 1.0 : 0.0 } == [0, 1, 1, 0])
        #expect(loss < 0.01)
    }

    @Test("two spirals, 95% or better on points not trained on")
    func spiralsGeneralize() throws {
        let (train, trainLabels) = spirals(pointsPerClass: 100, noise: 0.1, seed: 1)
        let (test, testLabels) = spirals(pointsPerClass: 100, noise: 0.1, seed: 2)
        var model = makeModel(
            Double.self, inputs: 2,
            layers: [.dense(outputs: 32, activation: .tanh), .dense(outputs: 32, activation: .tanh),
                     .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, seed: 3)
        _ = try descend(&model, train, Targets(labels: trainLabels), learningRate: 1, steps: 1500)
        let trainAccuracy = model.accuracy(train, labels: trainLabels)
        let testAccuracy = model.accuracy(test, labels: testLabels)
        #expect(trainAccuracy >= 0.97)
        #expect(testAccuracy >= 0.95, "train \(trainAccuracy), test \(testAccuracy)")
    }

    @Test("a linear model cannot learn XOR: the hidden layer is what matters")
    func xorNeedsHiddenLayer() throws {
        let x = Matrix<Double>([[0, 0], [0, 1], [1, 0], [1, 1]])
        var model = makeModel(
            Double.self, inputs: 2, layers: [.dense(outputs: 1)], loss: .binaryCrossEntropy)
        _ = try descend(&model, x, Targets(labels: [0, 1, 1, 0]), learningRate: 1, steps: 2000)
        #expect(model.accuracy(x, labels: [0, 1, 1, 0]) <= 0.75)
    }
}
