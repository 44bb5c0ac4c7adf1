import Network
import RealModule
import Tensor
import Testing

/// The losses (Goodfellow et al. 2016, section 6.2) on hand-computed
/// batches: values, the fused gradients `o - y` of the cross-entropies
/// (Bishop, *Pattern Recognition and Machine Learning*, 2006, eq. 4.109)
/// divided by the batch, labels against
/// one-hot targets, sample weights, and what is thrown (bad data) or stops
/// (bad shapes). Precision-sensitive checks run in Float and Double.
@Suite("Losses")
struct LossTests {
    // MARK: Values and gradients

    @Test(
        "MSE: squared distance per sample, averaged over the batch; gradient 2 (o - y) / n"
    )
    func meanSquaredError() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let o = Matrix<Scalar>([[1, 2], [0, -1], [3, 3]])
            let y = Matrix<Scalar>([[0.5, 2], [0, 1], [1, 4]])
            // Per sample: 0.25, 4 and 4 + 1; mean 9.25 / 3.
            let (value, gradient) = try evaluate(.meanSquaredError, o, Targets(values: y))
            #expect(isClose(value, 9.25 / 3))
            let expected = Matrix<Scalar>([[1.0 / 3, 0], [0, -4.0 / 3], [4.0 / 3, -2.0 / 3]])
            #expect(gradient.maximumAbsoluteDifference(expected) <= 4 * Scalar.ulpOfOne)
            // One output: 1/n sum (y - yhat)^2.
            let single = try evaluate(
                .meanSquaredError, Matrix<Scalar>([[1], [2], [4]]),
                Targets(values: Matrix<Scalar>([[0], [2], [1]])))
            #expect(isClose(single.value, 10.0 / 3))
        }
    }

    @Test(
        "L1 is the absolute distance of each sample, averaged; gradient sign(o - y) / n, 0 at a tie"
    )
    func meanAbsoluteError() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let o = Matrix<Scalar>([[1, 2], [0, -1], [3, 3]])
            let y = Matrix<Scalar>([[0.5, 2], [0, 1], [1, 4]])
            // Per sample: 0.5, 2 and 2 + 1; mean 5.5 / 3.
            let (value, gradient) = try evaluate(.meanAbsoluteError, o, Targets(values: y))
            #expect(isClose(value, 5.5 / 3))
            let third: Scalar = 1.0 / 3
            #expect(gradient == Matrix([[third, 0], [0, -third], [third, -third]]))
        }
    }

    @Test(
        "BCE from logits is -y log sigma - (1 - y) log(1 - sigma); gradient (sigma - y) / n"
    )
    func binaryCrossEntropy() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            // Two outputs per sample, soft targets.
            let z = Matrix<Scalar>([[0.3, -1.2], [2.5, -0.4], [-3, 4]])
            let y = Matrix<Scalar>([[1, 0], [0.25, 1], [0, 0.5]])
            let (value, gradient) = try evaluate(.binaryCrossEntropy, z, Targets(values: y))
            var expected: Scalar = 0
            for i in 0..<3 {
                for j in 0..<2 {
                    let sigma = 1 / (1 + Scalar.exp(-z[i, j]))
                    expected -= y[i, j] * Scalar.log(sigma) + (1 - y[i, j]) * Scalar.log(1 - sigma)
                    #expect(isClose(gradient[i, j], (sigma - y[i, j]) / 3, floor: 1))
                }
            }
            #expect(isClose(value, expected / 3, ulps: 256))
            // One output, labels 0/1 as the targets themselves.
            let single = try evaluate(
                .binaryCrossEntropy, Matrix<Scalar>([[0.3], [-1.2], [2.5]]),
                Targets(labels: [1, 0, 1]))
            let sigmas = [0.3, -1.2, 2.5].map { 1 / (1 + Double.exp(-$0)) }
            let byHand =
                -(Double.log(sigmas[0]) + Double.log(1 - sigmas[1]) + Double.log(sigmas[2])) / 3
            #expect(isClose(single.value, Scalar(byHand), ulps: 64))
            let expectedGradient = zip(sigmas, [1.0, 0, 1]).map { Scalar(($0 - $1) / 3) }
            #expect(
                single.gradient.elements.maximumAbsoluteDifference(expectedGradient) <= 8
                    * Scalar.ulpOfOne)
        }
    }

    @Test(
        "BCE stays finite at logits +-1000: |z| on the wrong side, 0 on the right one"
    )
    func binaryCrossEntropyExtremeLogits() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let z = Matrix<Scalar>([[1000], [-1000], [1000], [-1000]])
            let (value, gradient) = try evaluate(
                .binaryCrossEntropy, z, Targets(labels: [0, 1, 1, 0]))
            // Wrong, wrong, right, right: (1000 + 1000 + 0 + 0) / 4.
            #expect(value == 500)
            #expect(gradient.elements == [0.25, -0.25, 0, 0])
            // Each wrong sample alone costs |z| (+ log(1 + e^-|z|), negligible).
            for (logit, label) in [(40, 0), (-40, 1), (1000, 0)] as [(Scalar, Int)] {
                let alone = try evaluate(
                    .binaryCrossEntropy, Matrix([[logit]]), Targets(labels: [label]))
                #expect(alone.value.isFinite)
                #expect(isClose(alone.value, Swift.abs(logit)))
            }
        }
    }

    @Test("softmax cross-entropy equals -log softmax(z)_label; gradient (softmax(z) - onehot) / n")
    func softmaxCrossEntropy() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let z = Matrix<Scalar>.random(5, 4, seed: 21).map { 2 * $0 }
            let labels = [3, 0, 2, 2, 1]
            let (value, gradient) = try evaluate(.softmaxCrossEntropy, z, Targets(labels: labels))
            var expected: Scalar = 0
            for i in 0..<5 {
                let row = z.row(i)
                let total = row.reduce(0) { $0 + Scalar.exp($1) }
                expected -= Scalar.log(Scalar.exp(z[i, labels[i]]) / total)
                for j in 0..<4 {
                    let softmax = Scalar.exp(z[i, j]) / total
                    let target: Scalar = j == labels[i] ? 1 : 0
                    #expect(isClose(gradient[i, j], (softmax - target) / 5, floor: 1))
                }
            }
            #expect(isClose(value, expected / 5, ulps: 64))
        }
    }

    @Test("uniform logits give a cross-entropy of log(k) whatever the label")
    func uniformLogits() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let five = try evaluate(
                .softmaxCrossEntropy, Matrix<Scalar>(rows: 3, columns: 5),
                Targets(labels: [0, 4, 2]))
            #expect(isClose(five.value, Scalar.log(5)))
            #expect(isClose(five.gradient[1, 4], (0.2 - 1) / 3))
            #expect(isClose(five.gradient[1, 0], 0.2 / 3))
            let four = try evaluate(
                .softmaxCrossEntropy, Matrix<Scalar>(rows: 2, columns: 4, repeating: 7),
                Targets(labels: [1, 3]))
            #expect(isClose(four.value, Scalar.log(4)))
        }
    }

    @Test("softmax cross-entropy stays finite at logits [1000, 0, -1000]")
    func softmaxCrossEntropyExtremeLogits() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let z = Matrix<Scalar>([[1000, 0, -1000]])
            let wrong = try evaluate(.softmaxCrossEntropy, z, Targets(labels: [2]))
            #expect(wrong.value == 2000)
            #expect(wrong.gradient.elements == [1, 0, -1])
            let right = try evaluate(.softmaxCrossEntropy, z, Targets(labels: [0]))
            #expect(right.value == 0)
            #expect(right.gradient.elements == [0, 0, 0])
        }
    }

    // MARK: Labels and one-hot targets

    @Test(
        "labels and the equivalent one-hot targets give identical loss and gradient",
        arguments: Loss.allCases)
    func labelsEqualOneHot(loss: Loss) throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let labels = [0, 2, 1, 1, 0, 2]
            let oneHot = Matrix<Scalar>(rows: 6, columns: 3) { i, j in j == labels[i] ? 1 : 0 }
            let o = Matrix<Scalar>.random(6, 3, seed: 22)
            let byLabel = try evaluate(loss, o, Targets(labels: labels))
            let byValue = try evaluate(loss, o, Targets(values: oneHot))
            #expect(byLabel.value == byValue.value)
            #expect(byLabel.gradient == byValue.gradient)
        }
    }

    @Test("with one binary output a label is the target value itself")
    func binaryLabelIsValue() throws {
        let z = Matrix<Double>.random(4, 1, seed: 23)
        let byLabel = try evaluate(.binaryCrossEntropy, z, Targets(labels: [0, 1, 1, 0]))
        let byValue = try evaluate(
            .binaryCrossEntropy, z, Targets(values: Matrix<Double>([[0], [1], [1], [0]])))
        #expect(byLabel.value == byValue.value)
        #expect(byLabel.gradient == byValue.gradient)
    }

    @Test("Targets.samples picks batch rows counted from 0, also from a slice")
    func targetSlices() throws {
        let y = Matrix<Double>.random(6, 2, seed: 24)
        let labels = [1, 0, 1, 1, 0, 0]
        let o = Matrix<Double>.random(2, 2, seed: 25)
        let values = Targets(values: y).samples(1..<5).samples(2..<4)  // rows 3 and 4
        #expect(values.count == 2)
        #expect(
            try evaluate(.meanSquaredError, o, values).value
                == evaluate(.meanSquaredError, o, Targets(values: Matrix(y.rows(3..<5)))).value)
        let sliced = Targets<Double>(labels: labels).samples(1..<5).samples(2..<4)
        #expect(
            try evaluate(.softmaxCrossEntropy, o, sliced).value
                == evaluate(.softmaxCrossEntropy, o, Targets(labels: [1, 0])).value)
    }

    // MARK: Sample weights

    @Test("sample weights give the weighted mean sum w_i l_i / sum w_i", arguments: Loss.allCases)
    func sampleWeights(loss: Loss) throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let o = Matrix<Scalar>.random(5, 3, seed: 26)
            let t: Targets<Scalar> = targets(for: loss, batch: 5, outputs: 3, seed: 27)
            // A slice that does not start at index 0, with one zero weight.
            let storage: [Scalar] = [7, 1, 0.5, 2, 0, 3]
            let weights = storage[1...]
            let (value, gradient) = try evaluate(loss, o, t, weights: weights)
            var expected: Scalar = 0
            for i in 0..<5 {
                let weight = weights[weights.startIndex + i] / 6.5
                let alone = try evaluate(loss, Matrix(o.rows(i..<(i + 1))), t.samples(i..<(i + 1)))
                expected += weight * alone.value
                let expectedRow = alone.gradient.elements.map { weight * $0 }
                #expect(
                    Array(gradient.row(i)).maximumAbsoluteDifference(expectedRow)
                        <= 8 * Scalar.ulpOfOne, "\(loss.rawValue), row \(i)")
            }
            #expect(isClose(value, expected, ulps: 32), "\(loss.rawValue) in \(Scalar.self)")
            // The zero-weight sample contributes nothing, not even to the gradient.
            #expect(gradient.row(3).allSatisfy { $0 == 0 })
            // Weights all 1 are no weights at all.
            let ones = [Scalar](repeating: 1, count: 5)
            let unweighted = try evaluate(loss, o, t)
            let weightedByOnes = try evaluate(loss, o, t, weights: ones[...])
            #expect(weightedByOnes.value == unweighted.value)
            #expect(weightedByOnes.gradient == unweighted.gradient)
        }
    }

    // MARK: Bad data is thrown

    @Test("a label out of range throws labelOutOfRange naming the sample")
    func labelOutOfRange() throws {
        let o = Matrix<Double>(rows: 3, columns: 3)
        #expect(throws: NetworkError.labelOutOfRange(label: 3, sample: 1, classes: 3)) {
            try evaluate(.softmaxCrossEntropy, o, Targets(labels: [0, 3, 1]))
        }
        #expect(throws: NetworkError.labelOutOfRange(label: -1, sample: 2, classes: 3)) {
            try evaluate(.meanSquaredError, o, Targets(labels: [0, 1, -1]))
        }
        // A single binary output takes labels 0 and 1.
        #expect(throws: NetworkError.labelOutOfRange(label: 2, sample: 2, classes: 2)) {
            try evaluate(
                .binaryCrossEntropy, Matrix<Double>(rows: 3, columns: 1),
                Targets(labels: [1, 0, 2]))
        }
        // The sample is counted from the start of the batch, not of the data set.
        let labels = [9, 0, 5, 1]
        #expect(throws: NetworkError.labelOutOfRange(label: 5, sample: 1, classes: 3)) {
            try evaluate(.softmaxCrossEntropy, o, Targets(labels: labels[1...]))
        }
        #expect(
            NetworkError.labelOutOfRange(label: 3, sample: 1, classes: 3).description
                == "label 3 of sample 1 is outside 0..<3")
    }

    @Test(
        "negative, non-finite, zero-sum or miscounted sample weights throw invalidSampleWeights",
        arguments: [[1, -0.5, 1], [0, 0, 0], [1, .nan, 1], [1, .infinity, 1], [1, 1]] as [[Double]])
    func invalidSampleWeights(weights: [Double]) {
        let o = Matrix<Double>.random(3, 2, seed: 28)
        let error = #expect(throws: NetworkError.self) {
            try evaluate(
                .softmaxCrossEntropy, o, Targets(labels: [0, 1, 1]), weights: weights[...])
        }
        guard case .some(.invalidSampleWeights) = error else {
            Issue.record("\(weights) gave \(String(describing: error))")
            return
        }
    }

    // MARK: Bad shapes stop

    @Test("targets of the wrong width stop with both shapes named")
    func targetWidthStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = try? evaluate(
                .meanSquaredError, Matrix<Double>(rows: 4, columns: 3),
                Targets(values: Matrix<Double>(rows: 4, columns: 2)))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the output is 4x3 but the targets are 4x2"))
    }

    @Test("a target count other than the batch stops with both counts named")
    func targetCountStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = try? evaluate(
                .softmaxCrossEntropy, Matrix<Float>(rows: 4, columns: 3),
                Targets(labels: [0, 1, 2]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("the output has 4 rows but there are 3 targets"))
    }
}

/// The loss of outputs `o` against `targets` and its gradient `dL/do`, by
/// ``Loss/evaluate(output:targets:sampleWeights:gradient:)``. The gradient
/// buffer starts as NaN, so every element must be written; the value must
/// not depend on whether a gradient is asked for, and `o` must not change.
private func evaluate<Scalar: BLASScalar>(
    _ loss: Loss, _ o: Matrix<Scalar>, _ targets: Targets<Scalar>,
    weights: ArraySlice<Scalar>? = nil
) throws(NetworkError) -> (value: Scalar, gradient: Matrix<Scalar>) {
    let (rows, columns) = (o.rows, o.columns)
    var output = o
    var gradient = Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
    let withGradient = output.withUnsafeMutableScalars { o in
        gradient.withUnsafeMutableScalars { g in
            Result { () throws(NetworkError) -> Scalar in
                try loss.evaluate(
                    output: MatrixView(o, rows: rows, columns: columns), targets: targets,
                    sampleWeights: weights, gradient: MatrixView(g, rows: rows, columns: columns))
            }
        }
    }
    let value = try withGradient.get()
    let withoutGradient = output.withUnsafeMutableScalars { o in
        Result { () throws(NetworkError) -> Scalar in
            try loss.evaluate(
                output: MatrixView(o, rows: rows, columns: columns), targets: targets,
                sampleWeights: weights, gradient: nil)
        }
    }
    #expect(try withoutGradient.get() == value, "the value without a gradient")
    #expect(output == o, "the outputs are left as they were")
    #expect(!gradient.elements.contains { $0.isNaN }, "every gradient element is written")
    return (value, gradient)
}

/// Agreement to `ulps` units in the last place, relative to `max(|b|, floor)`.
private func isClose<Scalar: BLASScalar>(
    _ a: Scalar, _ b: Scalar, ulps: Scalar = 8, floor: Scalar = 0
) -> Bool {
    a == b || Swift.abs(a - b) <= ulps * Scalar.ulpOfOne * Swift.max(Swift.abs(b), floor)
}
