import Network
import Tensor
import Testing

/// Backpropagation agrees with central differences (a relative error
/// `|a - n| / max(|a|, |n|) < 1e-6` in Double, as the CS231n notes on
/// gradient checking advise) for every activation and loss, through
/// several depths and batch sizes, with L1 and L2 penalties on.
@Suite("Gradient checking")
struct GradientCheckTests {
    static let losses = Loss.allCases

    /// Central differences check a derivative only where it is meaningful,
    /// so the test states those conditions and asserts them:
    ///
    /// - No kink within reach of a perturbation. Moving one parameter by
    ///   `h` moves a hidden pre-activation by at most `h max(1, |x|)` and an
    ///   output pre-activation by at most `h (max(1, |x|) max(1, |W|) +
    ///   max(1, |a|))` (every activation is at most 1-Lipschitz); every
    ///   pre-activation stays 10 times that away from its activation's kinks
    ///   (ReLU, leaky ReLU, sign at 0, hard tanh at +-1) and, for the L1
    ///   loss, every output from its target.
    /// - No component buried in rounding. `L(theta +- h)` carry rounding
    ///   errors of about `eps |L|`, so the difference quotient carries
    ///   about `eps |L| / h` (2e-11 here); the relative error can reach
    ///   1e-6 only where `|dL/dtheta_i| >= eps |L| / h / 1e-6` (2e-5 here).
    ///   Smaller components must be exactly zero on both sides (a parameter
    ///   the loss does not see, such as one feeding a sign unit).
    ///
    /// The batch is odd (7) because of the second condition: with the L1
    /// loss, `dL/db_k` of an identity output is `(#(o > y) - #(o < y)) /
    /// batch`, exactly 0 for three samples above and three below their
    /// target in a batch of 6. The difference quotient then measures only
    /// rounding: relu and leaky-relu hidden layers with 6 samples gave an
    /// analytic -5.6e-17 against a numeric 2.2e-11 (one rounding of L over
    /// 2h), relative error 2.2e-3 against the 1e-8 floor of `rel_error`,
    /// while every output was 0.085 or more from its target and every
    /// pre-activation 0.065 or more from 0: no kink, but an outcome that
    /// depends on how OpenBLAS's kernel rounds `o +- h`.
    @Test("every activation x loss, hidden and output activation", arguments: Activation.allCases, losses)
    func everyActivationAndLoss(activation: Activation, loss: Loss) throws {
        let (batch, outputs, h) = (7, loss == .binaryCrossEntropy ? 1 : 3, 1e-5)
        for outputActivation in [Activation.identity, activation] {
            let name = "\(activation.name) then \(outputActivation.name), \(loss.rawValue)"
            var model = makeModel(
                Double.self, inputs: 4,
                layers: [
                    .dense(outputs: 5, activation: activation),
                    .dense(outputs: outputs, activation: outputActivation),
                ],
                loss: loss, initializer: .lecunNormal, regularization: Regularization(l1: 1e-3, l2: 1e-2))
            let x = Matrix<Double>.random(batch, 4, seed: 2)
            let y: Targets<Double> = targets(for: loss, batch: batch, outputs: outputs, seed: 3)

            // First condition: kinks out of reach.
            let (z1, a1, z2) = preactivations(of: model, x, hidden: activation)
            let largest = { (values: [Double]) in values.map(Swift.abs).max() ?? 0 }
            let reach =
                h * (Swift.max(1, largest(x.elements)) * Swift.max(1, largest(model.parameters))
                    + Swift.max(1, largest(a1.elements)))
            #expect(distance(z1.elements, to: Self.kinks(of: activation)) > 10 * reach, "\(name)")
            #expect(distance(z2.elements, to: Self.kinks(of: outputActivation)) > 10 * reach, "\(name)")
            if loss == .meanAbsoluteError {
                var generator = Xoshiro256StarStar(seed: 3)  // the targets above
                let values = Matrix<Double>(
                    randomUniformRows: batch, columns: outputs, in: 0.05...0.95, using: &generator)
                let o = model.outputs(for: x)
                let residuals = zip(o.elements, values.elements).map { Swift.abs($0 - $1) }
                #expect(residuals.min()! > 10 * reach, "\(name)")
            }

            let result = try GradientCheck.check(&model, x, y, step: h)
            // Second condition: every component above the rounding level.
            let roundingLevel = Double.ulpOfOne * Swift.max(1, Swift.abs(try model.loss(x, y))) / h
            for (analytic, numeric) in zip(result.analytic, result.numeric) {
                #expect(
                    (analytic == 0 && numeric == 0) || Swift.abs(analytic) >= roundingLevel / 1e-6,
                    "\(name): analytic \(analytic), numeric \(numeric)")
            }
            #expect(result.relativeError < 1e-6, "\(name)")
        }
    }

    /// Where the derivative of an activation jumps.
    static func kinks(of activation: Activation) -> [Double] {
        switch activation {
        case .relu, .leakyReLU, .sign: [0]
        case .hardTanh: [-1, 1]
        default: []
        }
    }

    /// The hidden pre-activations `Z1 = X W1 + b1`, their activations, and
    /// the output pre-activations `Z2 = A1 W2 + b2` of a two-layer model,
    /// from models with the same parameters and identity activations.
    func preactivations(of model: Sequential<Double>, _ x: Matrix<Double>, hidden: Activation)
        -> (Matrix<Double>, Matrix<Double>, Matrix<Double>)
    {
        let (hiddenWidth, outputs) = (model.widths[0], model.outputWidth)
        let first = model.denseLayers[0]!.parameterCount
        func layer(_ activation: Activation) -> Sequential<Double> {
            var layer = makeModel(
                Double.self, inputs: x.columns, layers: [.dense(outputs: hiddenWidth, activation: activation)],
                loss: .meanSquaredError)
            layer.parameters = Array(model.parameters[0..<first])
            return layer
        }
        var linearOutput = makeModel(
            Double.self, inputs: x.columns,
            layers: [.dense(outputs: hiddenWidth, activation: hidden), .dense(outputs: outputs)],
            loss: .meanSquaredError)
        linearOutput.parameters = model.parameters
        return (
            layer(.identity).outputs(for: x), layer(hidden).outputs(for: x),
            linearOutput.outputs(for: x)
        )
    }

    /// The smallest distance from `values` to `kinks` (infinity without kinks).
    func distance(_ values: [Double], to kinks: [Double]) -> Double {
        kinks.flatMap { kink in values.map { Swift.abs($0 - kink) } }.min() ?? .infinity
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

    @Test("the relative error of (2.001, 1.601, 2.601) against (2, 1.6, 2.6) is 3.124e-4")
    func relativeErrorExample() {
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
