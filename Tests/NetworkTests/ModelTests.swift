import Network
import RealModule
import Tensor
import Testing

/// The sequential model as a whole: the flat parameter layout, the forward
/// pass against a naive one, predictions, dropout and noise in training and
/// inference, reproducibility, value semantics, workspace reuse, the
/// summary, the L1/L2 penalty values, and shape errors.
@Suite("Sequential model")
struct ModelTests {
    // MARK: Parameter layout

    @Test("dense layers lie in one flat buffer: W row-major at parameterOffset, then b")
    func flatLayout() {
        let model = makeModel(
            Double.self, inputs: 3,
            layers: [
                .dense(outputs: 4, activation: .tanh), .dropout(rate: 0.5), .dense(outputs: 2),
            ],
            loss: .meanSquaredError)
        #expect(model.widths == [4, 4, 2])
        #expect(model.outputWidth == 2)
        #expect(model.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
        #expect(model.parameters.count == 26 && model.gradient.count == 26)
        let first = model.denseLayers[0]!
        #expect(first == Dense(inputs: 3, outputs: 4, activation: .tanh, parameterOffset: 0))
        #expect(first.weightRange == 0..<12 && first.biasRange == 12..<16)
        #expect(first.parameterCount == 16)
        #expect(model.denseLayers[1] == nil)
        let last = model.denseLayers[2]!
        #expect(last == Dense(inputs: 4, outputs: 2, activation: .identity, parameterOffset: 16))
        #expect(last.weightRange == 16..<24 && last.biasRange == 24..<26)
    }

    @Test("W[i, j] is parameter offset + i * outputs + j and b[j] follows W")
    func layoutMeaning() {
        var model = makeModel(
            Double.self, inputs: 3, layers: [.dense(outputs: 4)], loss: .meanSquaredError)
        model.parameters = [Double](repeating: 0, count: 16)
        model.parameters[1 * 4 + 2] = 1  // W[1, 2]
        model.parameters[12 + 3] = 5  // b[3]
        let y = model.outputs(for: Matrix<Double>([[0, 1, 0], [7, 0, 0], [0, 0, 7]]))
        #expect(y == Matrix([[0, 0, 1, 5], [0, 0, 0, 5], [0, 0, 0, 5]]))
    }

    @Test("a 784-256-128-10 network has 235,146 parameters")
    func mnistParameterCount() {
        let model = makeModel(
            Float.self, inputs: 784,
            layers: [
                .dense(outputs: 256, activation: .relu), .dense(outputs: 128, activation: .relu),
                .dense(outputs: 10),
            ],
            loss: .softmaxCrossEntropy)
        #expect(model.parameterCount == 235_146)
        #expect(model.denseLayers.map { $0!.parameterCount } == [200_960, 32_896, 1_290])
        #expect(model.denseLayers.map { $0!.parameterOffset } == [0, 200_960, 233_856])
    }

    // MARK: Forward pass and predictions

    @Test(
        "outputs(for:) equals a naive forward pass (reference GEMM, bias, activation)"
    )
    func forwardMatchesNaive() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let model = makeModel(
                Scalar.self, inputs: 5,
                layers: [
                    .dense(outputs: 7, activation: .relu), .dropout(rate: 0.3),
                    .dense(outputs: 6, activation: .tanh), .activation(.sigmoid),
                    .gaussianNoise(standardDeviation: 0.2),
                    .dense(outputs: 4, activation: .leakyReLU(slope: 0.1)),
                    .dense(outputs: 3, activation: .softmax),
                ],
                loss: .meanSquaredError, seed: 41)
            let x = Matrix<Scalar>.random(8, 5, seed: 42)
            let y = model.outputs(for: x)
            let expected = naiveForward(model, x)
            #expect(y.rows == 8 && y.columns == 3)
            #expect(y.maximumAbsoluteDifference(expected) <= 64 * Scalar.ulpOfOne)
            // A row slice of a larger matrix is as good as a matrix.
            let big = Matrix<Scalar>.random(20, 5, seed: 43)
            #expect(
                model.outputs(for: big.rows(4..<12)) == model.outputs(for: Matrix(big.rows(4..<12)))
            )
        }
    }

    @Test(
        "predictProbabilities: softmax rows summing to 1, sigmoids for BCE, outputs for regression")
    func probabilities() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let x = Matrix<Scalar>.random(10, 4, seed: 44)
            let hidden = Layer.dense(outputs: 6, activation: .tanh)
            let classifier = makeModel(
                Scalar.self, inputs: 4, layers: [hidden, .dense(outputs: 3)],
                loss: .softmaxCrossEntropy)
            let p = classifier.predictProbabilities(x)
            let logits = classifier.outputs(for: x)
            for i in 0..<10 {
                #expect(Swift.abs(p.row(i).reduce(0, +) - 1) <= 8 * Scalar.ulpOfOne)
                let total = logits.row(i).reduce(0) { $0 + Scalar.exp($1) }
                for j in 0..<3 {
                    #expect(
                        Swift.abs(p[i, j] - Scalar.exp(logits[i, j]) / total) <= 8 * Scalar.ulpOfOne
                    )
                }
            }
            for outputs in [1, 3] {
                let binary = makeModel(
                    Scalar.self, inputs: 4, layers: [hidden, .dense(outputs: outputs)],
                    loss: .binaryCrossEntropy)
                let sigmoids = binary.outputs(for: x).map { 1 / (1 + Scalar.exp(-$0)) }
                #expect(
                    binary.predictProbabilities(x).maximumAbsoluteDifference(sigmoids) <= 4
                        * Scalar.ulpOfOne)
            }
            let regression = makeModel(
                Scalar.self, inputs: 4, layers: [hidden, .dense(outputs: 2)],
                loss: .meanSquaredError)
            #expect(regression.predictProbabilities(x) == regression.outputs(for: x))
        }
    }

    @Test(
        "predictClasses is the argmax, or logit > 0 for one BCE output; accuracy counts matches"
    )
    func classesAndAccuracy() {
        let x = Matrix<Double>.random(50, 4, seed: 45)
        let classifier = makeModel(
            Double.self, inputs: 4,
            layers: [.dense(outputs: 6, activation: .tanh), .dense(outputs: 3)],
            loss: .softmaxCrossEntropy, seed: 46)
        let logits = classifier.outputs(for: x)
        let classes = classifier.predictClasses(x)
        for i in 0..<50 {
            let row = Array(logits.row(i))
            #expect(classes[i] == row.firstIndex(of: row.max()!)!)
        }
        #expect(classifier.accuracy(x, labels: classes) == 1)
        // Ten wrong labels out of fifty: 80%.
        let labels = classes.enumerated().map { $0.offset < 10 ? ($0.element + 1) % 3 : $0.element }
        #expect(classifier.accuracy(x, labels: labels) == 0.8)

        let binary = makeModel(
            Double.self, inputs: 4, layers: [.dense(outputs: 1)], loss: .binaryCrossEntropy,
            seed: 47)
        let binaryClasses = binary.predictClasses(x)
        #expect(binaryClasses == binary.outputs(for: x).elements.map { $0 > 0 ? 1 : 0 })
        #expect(Set(binaryClasses) == [0, 1])
        #expect(binary.accuracy(x, labels: binaryClasses.map { 1 - $0 }) == 0)
    }

    // MARK: Dropout and noise

    @Test("dropout zeroes about `rate` of the units and scales the kept ones by 1 / (1 - rate)")
    func dropoutForward() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (rows, columns, rate) = (200, 500, 0.3)
            let n = Double(rows * columns)
            var x = Matrix<Scalar>(rows: rows, columns: columns, repeating: 1)
            var a = Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
            var mask = Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
            let randomness = BatchRandomness(seed: 48)
            withView(&x) { x in
                withView(&a) { a in
                    withView(&mask) {
                        Dropout.forward(
                            x, rate: rate, into: a, mask: $0, randomness: randomness, layer: 0)
                    }
                }
            }
            let scale = 1 / Scalar(1 - rate)
            #expect(a.elements.allSatisfy { $0 == 0 || $0 == scale })
            #expect(a == mask)
            let dropped = Double(a.elements.filter { $0 == 0 }.count) / n
            #expect(Swift.abs(dropped - rate) < 4 * (rate * (1 - rate) / n).squareRoot())
            // The expected output equals the input: the mean of ones stays 1.
            #expect(Swift.abs(Double(a.sum()) / n - 1) < 0.01)
            // Backward: dX = dA * M.
            var dA = Matrix<Scalar>.random(rows, columns, seed: 49)
            var dX = Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
            withView(&dA) { dA in
                withView(&mask) { mask in
                    withView(&dX) { Dropout.backward(dA, mask: mask, into: $0) }
                }
            }
            for i in stride(from: 0, to: rows * columns, by: 97) {
                #expect(dX.elements[i] == dA.elements[i] * mask.elements[i])
            }
        }
    }

    @Test(
        "a model's dropout in training keeps the mean of a batch of ones at 1 with the right scale")
    func dropoutInModel() throws {
        // Same seed, same dropout masks: with zero targets the L1 loss is the
        // mean row sum of the output, the MSE loss that of its squares, so
        // their ratio is the scale of the kept units.
        let (batch, width, rate) = (250, 400, 0.25)
        var l1 = makeModel(
            Double.self, inputs: width, layers: [.dropout(rate: rate)], loss: .meanAbsoluteError,
            seed: 50)
        var l2 = makeModel(
            Double.self, inputs: width, layers: [.dropout(rate: rate)], loss: .meanSquaredError,
            seed: 50)
        let ones = Matrix<Double>(rows: batch, columns: width, repeating: 1)
        let zeros = Targets(values: Matrix<Double>(rows: batch, columns: width))
        let sum = try l1.loss(ones, zeros, mode: .training)
        let squares = try l2.loss(ones, zeros, mode: .training)
        #expect(Swift.abs(sum / Double(width) - 1) < 0.01)
        #expect(Swift.abs(squares / sum - 1 / (1 - rate)) < 1e-12)
        let kept = sum / (Double(width) / (1 - rate))
        let standardError = (rate * (1 - rate) / Double(batch * width)).squareRoot()
        #expect(Swift.abs(kept - (1 - rate)) < 4 * standardError)
        // In inference nothing is dropped or scaled, every time.
        let inference = try l1.loss(ones, zeros)
        #expect(Swift.abs(inference - Double(width)) < 1e-10, "\(inference)")
        #expect(try l1.loss(ones, zeros, mode: .inference) == inference)
    }

    @Test("in inference dropout and noise are the identity, and the loss is deterministic")
    func inferenceIsDeterministic() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            var noisy = makeModel(
                Scalar.self, inputs: 4,
                layers: [
                    .gaussianNoise(standardDeviation: 0.3), .dense(outputs: 6, activation: .tanh),
                    .dropout(rate: 0.5), .dense(outputs: 3),
                ],
                loss: .softmaxCrossEntropy, seed: 51)
            var plain = makeModel(
                Scalar.self, inputs: 4,
                layers: [.dense(outputs: 6, activation: .tanh), .dense(outputs: 3)],
                loss: .softmaxCrossEntropy, seed: 52)
            plain.parameters = noisy.parameters
            let x = Matrix<Scalar>.random(9, 4, seed: 53)
            let t: Targets<Scalar> = targets(
                for: .softmaxCrossEntropy, batch: 9, outputs: 3, seed: 54)
            #expect(noisy.outputs(for: x) == plain.outputs(for: x))
            let first = try noisy.loss(x, t)
            #expect(try noisy.loss(x, t) == first)
            #expect(try noisy.loss(x, t, mode: .inference) == first)
            #expect(try plain.loss(x, t) == first)
            let withGradient = try noisy.lossAndGradient(x, t, mode: .inference)
            let gradient = noisy.gradient
            #expect(try noisy.lossAndGradient(x, t, mode: .inference) == withGradient)
            #expect(noisy.gradient == gradient)
            #expect(try plain.lossAndGradient(x, t, mode: .inference) == withGradient)
            #expect(plain.gradient == gradient)
            // loss(...) computes no gradient and leaves the last one alone.
            _ = try noisy.loss(x.rows(0..<4), t.samples(0..<4), mode: .training)
            #expect(noisy.gradient == gradient)
        }
    }

    @Test("Gaussian noise adds N(0, sigma^2) with the requested deviation")
    func gaussianNoiseForward() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (rows, columns, sigma) = (200, 500, 0.3)
            var x = Matrix<Scalar>.random(rows, columns, seed: 55)
            var a = Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
            let randomness = BatchRandomness(seed: 56)
            withView(&x) { x in
                withView(&a) {
                    GaussianNoise.forward(
                        x, standardDeviation: sigma, into: $0, randomness: randomness, layer: 0)
                }
            }
            let noise = zip(a.elements, x.elements).map { Double($0 - $1) }
            let n = Double(noise.count)
            let mean = noise.reduce(0, +) / n
            let deviation = (noise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            #expect(Swift.abs(deviation / sigma - 1) < 0.02)
            #expect(Swift.abs(mean) < 5 * sigma / n.squareRoot())
            // Deviation 0 is the identity.
            withView(&x) { x in
                withView(&a) {
                    GaussianNoise.forward(
                        x, standardDeviation: 0, into: $0, randomness: randomness, layer: 0)
                }
            }
            #expect(a == x)
        }
    }

    @Test("a model's Gaussian noise in training changes the loss by the requested variance")
    func gaussianNoiseInModel() throws {
        // Targets equal to the inputs: the MSE of the noisy copy is the mean
        // row sum of noise^2, width * sigma^2 in expectation.
        let (batch, width, sigma) = (400, 100, 0.3)
        var model = makeModel(
            Double.self, inputs: width, layers: [.gaussianNoise(standardDeviation: sigma)],
            loss: .meanSquaredError, seed: 57)
        let x = Matrix<Double>.random(batch, width, seed: 58)
        let t = Targets(values: x)
        #expect(try model.loss(x, t) == 0)
        let noisy = try model.loss(x, t, mode: .training)
        #expect(Swift.abs(noisy / (Double(width) * sigma * sigma) - 1) < 0.04)
        #expect(try model.loss(x, t, mode: .training) != noisy)
        // With parameters too, training differs from inference and from itself.
        var deep = makeModel(
            Double.self, inputs: 4,
            layers: [
                .gaussianNoise(standardDeviation: 0.5), .dense(outputs: 5, activation: .tanh),
                .dense(outputs: 3),
            ],
            loss: .softmaxCrossEntropy, seed: 59)
        let small = Matrix<Double>.random(6, 4, seed: 60)
        let labels: Targets<Double> = targets(
            for: .softmaxCrossEntropy, batch: 6, outputs: 3, seed: 61)
        let clean = try deep.lossAndGradient(small, labels, mode: .inference)
        let first = try deep.lossAndGradient(small, labels, mode: .training)
        let second = try deep.lossAndGradient(small, labels, mode: .training)
        #expect(first != clean && second != first)
    }

    // MARK: Reproducibility and value semantics

    @Test("training with dropout and noise is reproducible from the model seed")
    func trainingIsReproducible() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            func model() -> Sequential<Scalar> {
                makeModel(
                    Scalar.self, inputs: 5, layers: Self.noisyLayers, loss: .softmaxCrossEntropy,
                    seed: 62)
            }
            var (a, b) = (model(), model())
            let x = Matrix<Scalar>.random(12, 5, seed: 63)
            let t: Targets<Scalar> = targets(
                for: .softmaxCrossEntropy, batch: 12, outputs: 3, seed: 64)
            var losses: [Scalar] = []
            for _ in 0..<3 {
                let loss = try a.lossAndGradient(x, t)
                #expect(try b.lossAndGradient(x, t) == loss)
                #expect(a.gradient == b.gradient)
                BLAS.axpy(-0.1, a.gradient, &a.parameters)
                BLAS.axpy(-0.1, b.gradient, &b.parameters)
                losses.append(loss)
            }
            #expect(a.parameters == b.parameters)
            // Each step draws new masks...
            #expect(Set(losses).count == 3)
            // ...from the model's generator: restoring it replays the step.
            let saved = a.generator
            let loss = try a.lossAndGradient(x, t)
            let gradient = a.gradient
            a.generator = saved
            #expect(try a.lossAndGradient(x, t) == loss)
            #expect(a.gradient == gradient)
        }
    }

    @Test("a copy of a model is independent: training one changes nothing in the other")
    func copiesAreIndependent() throws {
        var original = makeModel(
            Double.self, inputs: 5, layers: Self.noisyLayers, loss: .softmaxCrossEntropy, seed: 65)
        let x = Matrix<Double>.random(8, 5, seed: 66)
        let t: Targets<Double> = targets(for: .softmaxCrossEntropy, batch: 8, outputs: 3, seed: 67)
        let loss = try original.lossAndGradient(x, t, mode: .inference)
        let (parameters, gradient) = (original.parameters, original.gradient)
        // The copy starts with the same workspace, parameters, gradient and generator.
        var copy = original
        for _ in 0..<3 {
            _ = try copy.lossAndGradient(x, t)
            BLAS.axpy(-0.5, copy.gradient, &copy.parameters)
        }
        #expect(copy.parameters != parameters)
        #expect(original.parameters == parameters)
        #expect(original.gradient == gradient)
        #expect(try original.lossAndGradient(x, t, mode: .inference) == loss)
        #expect(original.gradient == gradient)
    }

    @Test("copies sharing a workspace interleave without disturbing each other")
    func sharedWorkspace() throws {
        let x1 = Matrix<Double>.random(8, 5, seed: 69)
        let x2 = Matrix<Double>.random(6, 5, seed: 70)
        let t1: Targets<Double> = targets(for: .softmaxCrossEntropy, batch: 8, outputs: 3, seed: 71)
        let t2: Targets<Double> = targets(for: .softmaxCrossEntropy, batch: 6, outputs: 3, seed: 72)
        // The same state reached twice: once copied (so the workspace is
        // shared), once built separately (so nothing is shared).
        func trained() throws -> Sequential<Double> {
            var model = makeModel(
                Double.self, inputs: 5, layers: Self.noisyLayers, loss: .softmaxCrossEntropy,
                seed: 68)
            _ = try model.lossAndGradient(x1, t1)
            return model
        }
        var a = try trained()
        var b = a
        var (separateA, separateB) = (try trained(), try trained())
        for step in 0..<3 {
            let lossA = try a.lossAndGradient(x1, t1)
            let lossB = try b.lossAndGradient(x2, t2)
            #expect(try separateA.lossAndGradient(x1, t1) == lossA, "a, step \(step)")
            #expect(try separateB.lossAndGradient(x2, t2) == lossB, "b, step \(step)")
            #expect(a.gradient == separateA.gradient && b.gradient == separateB.gradient)
            BLAS.axpy(-0.1, a.gradient, &a.parameters)
            BLAS.axpy(-0.1, separateA.gradient, &separateA.parameters)
        }
    }

    @Test(
        "a larger batch grows the workspace, smaller ones reuse it; results equal a fresh model's"
    )
    func workspaceReuse() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            func model() -> Sequential<Scalar> {
                makeModel(
                    Scalar.self, inputs: 5, layers: Self.noisyLayers, loss: .softmaxCrossEntropy,
                    seed: 73)
            }
            var reused = model()
            let x = Matrix<Scalar>.random(16, 5, seed: 74)
            let t: Targets<Scalar> = targets(
                for: .softmaxCrossEntropy, batch: 16, outputs: 3, seed: 75)
            for batch in [4, 16, 3, 16, 1, 9] {
                let (xb, tb) = (x.rows(0..<batch), t.samples(0..<batch))
                for mode in [Mode.inference, .training] {
                    var fresh = model()
                    fresh.generator = reused.generator
                    let loss = try reused.lossAndGradient(xb, tb, mode: mode)
                    #expect(
                        try fresh.lossAndGradient(xb, tb, mode: mode) == loss,
                        "batch \(batch), \(mode)")
                    #expect(reused.gradient == fresh.gradient, "batch \(batch), \(mode)")
                    #expect(try reused.loss(xb, tb) == fresh.loss(xb, tb), "batch \(batch)")
                }
            }
        }
    }

    static let noisyLayers: [Layer] = [
        .dense(outputs: 8, activation: .relu), .dropout(rate: 0.5),
        .gaussianNoise(standardDeviation: 0.1), .dense(outputs: 3),
    ]

    // MARK: Summary and regularization

    @Test("the summary lists each layer with its width and parameters, and the total")
    func summary() {
        let model = makeModel(
            Float.self, inputs: 784,
            layers: [
                .dense(outputs: 256, activation: .relu), .dropout(rate: 0.2),
                .dense(outputs: 128, activation: .relu), .dense(outputs: 10),
            ],
            loss: .softmaxCrossEntropy)
        let lines = model.summary.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name) } ?? "" }
        #expect(line("input").contains("784"))
        #expect(line("dense 256 relu").hasSuffix("256  200960"))
        #expect(line("dropout 0.2").hasSuffix("256  0"))
        #expect(line("dense 128 relu").hasSuffix("128  32896"))
        #expect(line("dense 10 identity").hasSuffix("10  1290"))
        #expect(model.summary.contains("235146 parameters"))
        #expect(model.summary.contains("cross-entropy"))
    }

    @Test(
        "the penalty is l1 sum |w| + l2/2 sum w^2 over the weights, biases only when included",
        arguments: [
            Regularization(l2: 0.1), Regularization(l2: 0.1, includesBiases: true),
            Regularization(l1: 0.01), Regularization(l1: 0.01, includesBiases: true),
            Regularization(l1: 0.01, l2: 0.1),
        ])
    func penaltyValues(regularization: Regularization) throws {
        var model = makeModel(
            Double.self, inputs: 4,
            layers: [.dense(outputs: 5, activation: .tanh), .dense(outputs: 3)],
            loss: .meanSquaredError, seed: 76)
        for case let dense? in model.denseLayers {
            for i in dense.biasRange { model.parameters[i] = 0.5 - 0.3 * Double(i % 4) }
        }
        let x = Matrix<Double>.random(7, 4, seed: 77)
        let t: Targets<Double> = targets(for: .meanSquaredError, batch: 7, outputs: 3, seed: 78)
        let base = try model.loss(x, t)
        _ = try model.lossAndGradient(x, t, mode: .inference)
        let baseGradient = model.gradient

        let (l1, l2) = (regularization.l1, regularization.l2)
        var penalty = 0.0
        var penaltyGradient = [Double](repeating: 0, count: model.parameterCount)
        for case let dense? in model.denseLayers {
            let ranges =
                regularization.includesBiases
                ? [dense.weightRange, dense.biasRange] : [dense.weightRange]
            for i in ranges.joined() {
                let w = model.parameters[i]
                penalty += l1 * Swift.abs(w) + l2 / 2 * w * w
                penaltyGradient[i] = l1 * (w > 0 ? 1 : -1) + l2 * w
            }
        }
        model.regularization = regularization
        #expect(Swift.abs(try model.loss(x, t) - (base + penalty)) < 1e-13)
        #expect(
            Swift.abs(try model.lossAndGradient(x, t, mode: .inference) - (base + penalty)) < 1e-13)
        let difference = zip(model.gradient, baseGradient).map { $0 - $1 }
        #expect(difference.maximumAbsoluteDifference(penaltyGradient) < 1e-13)
    }

    // MARK: Programmer errors

    @Test("lossAndGradient on a batch of the wrong width stops with both shapes named")
    func widthMismatchInTraining() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var model = makeModel(
                Double.self, inputs: 3, layers: [.dense(outputs: 2)], loss: .meanSquaredError)
            _ = try? model.lossAndGradient(
                Matrix<Double>(rows: 4, columns: 5),
                Targets(values: Matrix<Double>(rows: 4, columns: 2)))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the model takes 3 inputs but the batch is 4x5"))
    }

    @Test("loss on a batch of the wrong width stops with both shapes named")
    func widthMismatchInLoss() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var model = makeModel(
                Float.self, inputs: 3, layers: [.dense(outputs: 2)], loss: .softmaxCrossEntropy)
            _ = try? model.loss(Matrix<Float>(rows: 4, columns: 2), Targets(labels: [0, 1, 0, 1]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the model takes 3 inputs but the batch is 4x2"))
    }

    @Test("outputs(for:) on a batch of the wrong width stops with both shapes named")
    func widthMismatchInPrediction() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            let model = makeModel(
                Double.self, inputs: 3, layers: [.dense(outputs: 2)], loss: .meanSquaredError)
            _ = model.outputs(for: Matrix<Double>(rows: 1, columns: 4))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the model takes 3 inputs but the batch is 1x4"))
    }

    @Test("a parameter buffer of the wrong length stops training with both lengths named")
    func parameterCountMismatchInTraining() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var model = makeModel(
                Double.self, inputs: 3, layers: [.dense(outputs: 2)], loss: .meanSquaredError)
            model.parameters = [1, 2, 3]
            _ = try? model.lossAndGradient(
                Matrix<Double>(rows: 1, columns: 3),
                Targets(values: Matrix<Double>(rows: 1, columns: 2)))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("parameters has 3 elements but the model has 8"))
    }

    @Test("a parameter buffer of the wrong length stops prediction too, with both lengths named")
    func parameterCountMismatchInPrediction() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var model = makeModel(
                Double.self, inputs: 3, layers: [.dense(outputs: 2)], loss: .meanSquaredError)
            model.parameters = [Double](repeating: 1, count: 9)
            _ = model.outputs(for: Matrix<Double>(rows: 1, columns: 3))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("parameters has 9 elements but the model has 8"))
    }
}

/// The forward pass from the definitions, layer by layer: `Z = X W` by the
/// reference GEMM on `W` copied out of the parameter buffer, `+ b` row by
/// row, then `f` element by element (softmax row by row); dropout and noise
/// pass their input on, as in inference.
private func naiveForward<Scalar: BLASScalar>(_ model: Sequential<Scalar>, _ x: Matrix<Scalar>)
    -> Matrix<Scalar>
{
    func activate(_ f: Activation, _ z: Matrix<Scalar>) -> Matrix<Scalar> {
        guard f == .softmax else { return z.map { f.value($0) } }
        return Matrix(rows: z.rows, columns: z.columns) { i, j in
            let total = z.row(i).reduce(0) { $0 + Scalar.exp($1) }
            return Scalar.exp(z[i, j]) / total
        }
    }
    var current = x
    for (index, layer) in model.layers.enumerated() {
        switch layer {
        case .dense(let outputs, let f):
            let dense = model.denseLayers[index]!
            let w = Matrix(
                rows: dense.inputs, columns: outputs,
                elements: Array(model.parameters[dense.weightRange]))
            let b = Array(model.parameters[dense.biasRange])
            var z = Matrix<Scalar>(rows: current.rows, columns: outputs)
            Reference.gemm(current, w, into: &z)
            current = activate(f, Matrix(rows: z.rows, columns: outputs) { i, j in z[i, j] + b[j] })
        case .activation(let f):
            current = activate(f, current)
        case .dropout, .gaussianNoise:
            break
        }
    }
    return current
}

