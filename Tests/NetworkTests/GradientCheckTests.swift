import Network
import Tensor
import Testing

/// Backpropagation agrees with central differences (lecture 1's
/// `rel_error < 1e-6` in Double) for every activation and loss, through
/// several depths and batch sizes, with L1 and L2 penalties on.
@Suite("Gradient checking")
struct GradientCheckTests {
    static let losses = Loss.allCases

    @Test("every activation x loss, hidden and output activation", arguments: Activation.allCases, losses)
    func everyActivationAndLoss(activation: Activation, loss: Loss) throws {
        let outputs = loss == .binaryCrossEntropy ? 1 : 3
        for outputActivation in [Activation.identity, activation] {
            var model = makeModel(
                Double.self, inputs: 4,
                layers: [
                    .dense(outputs: 5, activation: activation),
                    .dense(outputs: outputs, activation: outputActivation),
                ],
                loss: loss, initializer: .lecunNormal, regularization: Regularization(l1: 1e-3, l2: 1e-2))
            let x = Matrix<Double>.random(6, 4, seed: 2)
            let result = try GradientCheck.check(
                &model, x, targets(for: loss, batch: 6, outputs: outputs, seed: 3))
            #expect(
                result.relativeError < 1e-6,
                "\(activation.name) then \(outputActivation.name), \(loss.rawValue)")
        }
    }

    @Test(
        "depths 1 to 4 and batch sizes 1, 3 and 16",
        arguments: [1, 2, 3, 4], [1, 3, 16])
    func depthsAndBatches(depth: Int, batch: Int) throws {
        let hidden: [Layer] = [
            .dense(outputs: 7, activation: .tanh), .dense(outputs: 6, activation: .sigmoid),
            .dense(outputs: 5, activation: .leakyReLU(slope: 0.1)),
        ]
        var model = makeModel(
            Double.self, inputs: 3, layers: Array(hidden.prefix(depth - 1)) + [.dense(outputs: 4)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l1: 1e-4, l2: 1e-3),
            seed: UInt64(depth * 10 + batch))
        let x = Matrix<Double>.random(batch, 3, seed: 5)
        let result = try GradientCheck.check(
            &model, x, targets(for: .softmaxCrossEntropy, batch: batch, outputs: 4, seed: 6))
        #expect(result.relativeError < 1e-6)
    }

    @Test("standalone activation, dropout and noise layers pass gradients through in inference")
    func layersWithoutParameters() throws {
        var model = makeModel(
            Double.self, inputs: 3,
            layers: [
                .gaussianNoise(standardDeviation: 0.1), .dense(outputs: 6), .activation(.tanh),
                .dropout(rate: 0.5), .dense(outputs: 4), .activation(.softmax),
            ],
            loss: .meanSquaredError)
        let x = Matrix<Double>.random(5, 3, seed: 7)
        let result = try GradientCheck.check(
            &model, x, targets(for: .meanSquaredError, batch: 5, outputs: 4, seed: 8))
        #expect(result.relativeError < 1e-6)
    }

    @Test("sample weights, one-hot value targets and penalized biases")
    func weightsAndOneHot() throws {
        var model = makeModel(
            Double.self, inputs: 3, layers: [.dense(outputs: 5, activation: .relu), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy,
            regularization: Regularization(l1: 1e-3, l2: 1e-2, includesBiases: true))
        let x = Matrix<Double>.random(4, 3, seed: 9)
        let oneHot = Matrix<Double>([[1, 0, 0], [0, 0, 1], [0, 1, 0], [0.2, 0.3, 0.5]])
        let result = try GradientCheck.check(
            &model, x, Targets(values: oneHot), sampleWeights: [1, 0.5, 2, 0.25])
        #expect(result.relativeError < 1e-6)
    }

    @Test("a wrong gradient is caught")
    func detectsWrongGradient() {
        // The check itself must be able to fail: a gradient off by 1e-4 in
        // one place gives a relative error far above 1e-6.
        let analytic: [Double] = [0.5, -1.25, 2.0]
        let perturbed: [Double] = [0.5, -1.25001, 2.0]
        #expect(GradientCheck.relativeError(analytic, perturbed) > 1e-6)
        #expect(GradientCheck.relativeError(analytic, analytic) == 0)
    }

    @Test("lecture 1's rel_error example gives 3.124e-4")
    func lectureRelativeError() {
        let error = GradientCheck.relativeError([2.001, 1.601, 2.601], [2.0, 1.6, 2.6])
        #expect(Swift.abs(error - 0.000_312_402_374_258_009_93) < 1e-15)
    }

    @Test("Float gradients agree to Float accuracy")
    func floatPrecision() throws {
        var model = makeModel(
            Float.self, inputs: 4, layers: [.dense(outputs: 5, activation: .tanh), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy)
        let x = Matrix<Float>.random(6, 4, seed: 10)
        let result = try GradientCheck.check(
            &model, x, targets(for: .softmaxCrossEntropy, batch: 6, outputs: 3, seed: 11), step: 1e-2)
        #expect(result.relativeError < 1e-2)
    }
}
