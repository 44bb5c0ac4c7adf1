import Network
import Tensor
import Testing

/// The classic perceptron (Rosenblatt 1958; M. Nielsen, *Neural Networks
/// and Deep Learning*, 2015, chapter 1): Nielsen's NAND gate,
/// the learning rule's convergence on separable data (within Novikoff's
/// bound), its bounded failure on XOR, and the two exercises of Nielsen's
/// chapter 1 (positive scaling changes no output; sigmoid neurons approach
/// perceptrons as the scale grows). Every check runs in Float and Double.
@Suite("ClassicPerceptron")
struct ClassicPerceptronTests {
    /// The four inputs of a two-input logic gate, in truth-table order.
    static func gateInputs<Scalar: BLASScalar>(_: Scalar.Type) -> Matrix<Scalar> {
        Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
    }

    /// Truth tables in the order of ``gateInputs(_:)``.
    static let gates: [String: [Int]] = [
        "NAND": [1, 1, 1, 0], "AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0],
    ]

    // MARK: The perceptron as a function

    @Test("Nielsen's NAND weights w = (-2, -2), b = 3 give NAND's truth table")
    func nandGate() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let nand = ClassicPerceptron<Scalar>(weights: [-2, -2], bias: 3)
            #expect(nand == .nand)
            let inputs = Self.gateInputs(Scalar.self)
            #expect(nand.outputs(inputs) == Self.gates["NAND"])
            #expect(nand.preActivations(inputs) == [3, 1, 1, -1])
            #expect((0..<4).map { nand.output(inputs.row($0)) } == Self.gates["NAND"])
            #expect(try nand.misclassifiedCount(inputs, labels: Self.gates["NAND"]!) == 0)
            #expect(try nand.misclassifiedCount(inputs, labels: Self.gates["AND"]!) == 4)
        }
    }

    @Test("the output is 0 where w . x + b <= 0, also exactly on the boundary")
    func boundaryConvention() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let p = ClassicPerceptron<Scalar>(weights: [1, -1], bias: 0)
            #expect(p.preActivation([0.5, 0.5]) == 0)
            #expect(p.output([0.5, 0.5]) == 0)
            let half: Scalar = 0.5
            #expect(p.output([half, half.nextDown]) == 1)
            #expect(p.output([half.nextDown, half]) == 0)
            #expect(ClassicPerceptron<Scalar>.step(0) == 0)
            #expect(ClassicPerceptron<Scalar>.step(-0.0) == 0)
            #expect(ClassicPerceptron<Scalar>.step(.leastNonzeroMagnitude) == 1)
            #expect(ClassicPerceptron<Scalar>.step(.nan) == 0)
            // A fresh perceptron has zero weights: output 0 everywhere.
            #expect(
                ClassicPerceptron<Scalar>(inputCount: 3).outputs(
                    Matrix.standardNormal(5, 3, seed: 1)) == [0, 0, 0, 0, 0])
        }
    }

    @Test("batch outputs (one GEMV) agree with the per-sample outputs")
    func batchAgreesWithSamples() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            var generator = Xoshiro256StarStar(seed: 3)
            let p = ClassicPerceptron<Scalar>(inputCount: 7, using: &generator)
            let x = Matrix<Scalar>.standardNormal(50, 7, seed: 4)
            let z = p.preActivations(x)
            let outputs = p.outputs(x)
            let sigmoids = p.sigmoidOutputs(x)
            for i in 0..<50 {
                let zi = p.preActivation(x.row(i))
                #expect(Swift.abs(z[i] - zi) <= 16 * Scalar.ulpOfOne * (1 + Swift.abs(zi)))
                #expect(outputs[i] == p.output(x.row(i)))
                #expect(sigmoids[i] == ClassicPerceptron<Scalar>.sigmoid(z[i]))
            }
            #expect(outputs.contains(0) && outputs.contains(1))
            // A row range of a matrix is a batch too, without a copy.
            #expect(p.outputs(x.rows(10..<20)) == Array(outputs[10..<20]))
        }
    }

    // MARK: The learning rule

    @Test(
        "learning NAND, AND and OR converges from zero and from random weights",
        arguments: ["NAND", "AND", "OR"])
    func learnsGates(gate: String) throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let inputs = Self.gateInputs(Scalar.self)
            let labels = Self.gates[gate]!

            var fromZero = ClassicPerceptron<Scalar>(inputCount: 2)
            let result = try fromZero.train(on: inputs, labels: labels, maximumEpochs: 100)
            #expect(result.status == .converged, "\(gate): \(result)")
            #expect(result.converged && result.errorsLeft == 0 && result.updates > 0)
            #expect(result.errorHistory.count == result.epochs + 1)
            #expect(result.errorHistory.last == 0)
            #expect(result.description.hasPrefix("converged after"))
            #expect(fromZero.outputs(inputs) == labels)

            for seed: UInt64 in 0..<10 {
                var generator = Xoshiro256StarStar(seed: seed)
                var p = ClassicPerceptron<Scalar>(inputCount: 2, using: &generator)
                let run = try p.train(
                    on: inputs, labels: labels, learningRate: 0.1, maximumEpochs: 1000,
                    shufflingWith: &generator)
                #expect(run.converged, "\(gate), seed \(seed): \(run)")
                #expect(p.outputs(inputs) == labels)
            }
        }
    }

    @Test("weights that already classify every sample need no epoch")
    func alreadySeparated() throws {
        var nand = ClassicPerceptron<Double>.nand
        let result = try nand.train(on: Self.gateInputs(Double.self), labels: Self.gates["NAND"]!)
        #expect(result.status == .converged)
        #expect(result.epochs == 0 && result.updates == 0 && result.errorHistory == [0])
        #expect(nand == .nand)
    }

    @Test("a random linearly separable set is learned to 100%, within Novikoff's bound")
    func learnsSeparableSet() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            for seed: UInt64 in 0..<4 {
                let set = SeparableSet<Scalar>(count: 300, margin: 0.05, seed: seed)
                #expect(set.labels.contains(0) && set.labels.contains(1))
                // (R / gamma)^2 updates at most, from zero weights.
                let bound = Int((set.radius / set.margin) * (set.radius / set.margin))

                var p = ClassicPerceptron<Scalar>(inputCount: 2)
                let result = try p.train(
                    on: set.samples, labels: set.labels, maximumEpochs: bound + 1)
                #expect(result.status == .converged, "seed \(seed): \(result)")
                #expect(result.updates <= bound, "seed \(seed): \(result), bound \(bound)")
                #expect(result.epochs <= result.updates)
                #expect(p.outputs(set.samples) == set.labels)

                var shuffled = ClassicPerceptron<Scalar>(inputCount: 2)
                var generator = Xoshiro256StarStar(seed: 100 + seed)
                let run = try shuffled.train(
                    on: set.samples, labels: set.labels, learningRate: 0.01,
                    maximumEpochs: bound + 1, shufflingWith: &generator)
                #expect(run.converged && run.updates <= bound, "seed \(seed): \(run)")
                #expect(try shuffled.misclassifiedCount(set.samples, labels: set.labels) == 0)
            }
        }
    }

    @Test("XOR is reported as not separated after the epoch limit, never looped on")
    func xorIsNotSeparated() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let inputs = Self.gateInputs(Scalar.self)
            let labels = Self.gates["XOR"]!

            var p = ClassicPerceptron<Scalar>(inputCount: 2)
            let result = try p.train(on: inputs, labels: labels, maximumEpochs: 50)
            #expect(result.status == .notSeparated)
            #expect(!result.converged)
            #expect(result.epochs == 50 && result.updates >= 50)
            #expect(result.errorsLeft > 0)
            #expect(result.errorsLeft == (try p.misclassifiedCount(inputs, labels: labels)))
            #expect(result.errorHistory.count == 51)
            #expect(result.errorHistory.allSatisfy { $0 >= 1 })  // no line separates XOR
            #expect(result.bestErrors == result.errorHistory.min())
            #expect(result.errorHistory[result.bestEpoch] == result.bestErrors)
            #expect(result.description.hasPrefix("not separated after 50 epochs"))

            var generator = Xoshiro256StarStar(seed: 8)
            var random = ClassicPerceptron<Scalar>(inputCount: 2, using: &generator)
            let run = try random.train(
                on: inputs, labels: labels, learningRate: 0.3, maximumEpochs: 200,
                shufflingWith: &generator)
            #expect(run.status == .notSeparated && run.epochs == 200 && run.errorsLeft > 0)
        }
    }

    @Test("with keepsBestWeights a failed run leaves the best weights it met (pocket)")
    func pocketKeepsBest() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            // Separable data with a few labels flipped: not separable any more.
            let set = SeparableSet<Scalar>(count: 200, margin: 0, seed: 21)
            var labels = set.labels
            for i in stride(from: 0, to: 200, by: 25) { labels[i] = 1 - labels[i] }

            var last = ClassicPerceptron<Scalar>(inputCount: 2)
            var pocket = last
            let plain = try last.train(on: set.samples, labels: labels, maximumEpochs: 30)
            let kept = try pocket.train(
                on: set.samples, labels: labels, maximumEpochs: 30, keepsBestWeights: true)
            #expect(plain.status == .notSeparated && kept.status == .notSeparated)
            #expect(kept.errorHistory == plain.errorHistory)  // the same run
            #expect(kept.errorsLeft == kept.bestErrors)
            #expect(kept.bestErrors == plain.errorHistory.min())
            #expect(try pocket.misclassifiedCount(set.samples, labels: labels) == kept.bestErrors)
            #expect(try last.misclassifiedCount(set.samples, labels: labels) == plain.errorsLeft)
            // The last weights of this run are worse than its best, so the
            // pocket has something to keep.
            #expect(kept.bestErrors >= 1 && kept.bestErrors < plain.errorsLeft, "\(plain)")
        }
    }

    @Test("from zero weights the learning rate only scales the weights")
    func learningRateOnlyScales() throws {
        try check(Float.self)
        try check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let set = SeparableSet<Scalar>(count: 200, margin: 0.02, seed: 5)
            var unit = ClassicPerceptron<Scalar>(inputCount: 2)
            var quarter = unit
            let a = try unit.train(on: set.samples, labels: set.labels, learningRate: 1)
            let b = try quarter.train(on: set.samples, labels: set.labels, learningRate: 0.25)
            // A power of two scales every rounded operation exactly: the runs
            // are the same, bit for bit, up to the factor.
            #expect(a == b && a.converged)
            #expect(quarter == unit.scaled(by: 0.25))
        }
    }

    @Test("the same seed gives the same shuffled run")
    func reproducible() throws {
        let set = SeparableSet<Double>(count: 100, margin: 0.01, seed: 9)
        func run(_ seed: UInt64) throws -> (ClassicPerceptron<Double>, PerceptronTrainingResult) {
            var generator = Xoshiro256StarStar(seed: seed)
            var p = ClassicPerceptron<Double>(inputCount: 2, using: &generator)
            let result = try p.train(
                on: set.samples, labels: set.labels, learningRate: 0.5,
                shufflingWith: &generator)
            return (p, result)
        }
        let (p1, r1) = try run(42)
        let (p2, r2) = try run(42)
        #expect(p1 == p2 && r1 == r2 && r1.converged)
    }

    @Test(
        "labels other than 0 and 1 are thrown, before any weight changes",
        arguments: [-1, 2])
    func badLabelsThrow(bad: Int) {
        var p = ClassicPerceptron<Float>(inputCount: 2)
        let inputs = Self.gateInputs(Float.self)
        #expect(throws: NetworkError.labelOutOfRange(label: bad, sample: 2, classes: 2)) {
            try p.train(on: inputs, labels: [1, 1, bad, 0])
        }
        #expect(p == ClassicPerceptron(inputCount: 2))
        #expect(throws: NetworkError.labelOutOfRange(label: bad, sample: 0, classes: 2)) {
            try p.misclassifiedCount(inputs, labels: [bad, 1, 1, 0])
        }
    }

    // MARK: Nielsen's exercises

    @Test(
        "scaling all weights and biases by c > 0 changes no output",
        arguments: [0.5, 3, 1000])
    func scalingChangesNoOutput(c: Double) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let c = Scalar(c)
            var generator = Xoshiro256StarStar(seed: 17)
            let points = Matrix<Scalar>(
                randomUniformRows: 1000, columns: 4, in: -5...5, using: &generator)
            for _ in 0..<5 {
                let p = ClassicPerceptron<Scalar>(inputCount: 4, using: &generator)
                let scaled = p.scaled(by: c)
                #expect(scaled.weights == p.weights.map { $0 * c } && scaled.bias == p.bias * c)
                let before = p.outputs(points)
                let after = scaled.outputs(points)
                // In real arithmetic c (w . x + b) has the sign of w . x + b
                // everywhere; in floating point, away from the rounding band
                // around the boundary.
                var compared = 0
                for i in 0..<points.rows {
                    let x = points.row(i)
                    let magnitude =
                        zip(p.weights, x).reduce(Swift.abs(p.bias)) { $0 + Swift.abs($1.0 * $1.1) }
                    guard Swift.abs(p.preActivation(x)) > 64 * Scalar.ulpOfOne * magnitude
                    else { continue }
                    #expect(before[i] == after[i], "point \(i): \(x)")
                    compared += 1
                }
                #expect(compared >= 990)
                #expect(before.contains(0) && before.contains(1))
            }

            // A whole network of perceptrons: Nielsen's half adder from NAND
            // gates adds two bits, and still does with every gate scaled.
            for gate in [ClassicPerceptron<Scalar>.nand, .nand.scaled(by: c)] {
                for (x1, x2) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                    let (sum, carry) = halfAdder(gate, x1, x2)
                    #expect(sum == x1 ^ x2 && carry == x1 & x2)
                }
            }
        }
    }

    @Test("sigma(c (w . x + b)) tends to step(w . x + b) as c grows, except on the boundary")
    func sigmoidApproachesStep() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            var generator = Xoshiro256StarStar(seed: 29)
            let p = ClassicPerceptron<Scalar>(inputCount: 3, using: &generator)
            let points = Matrix<Scalar>(randomUniformRows: 500, columns: 3, using: &generator)
            let z = p.preActivations(points)
            let outputs = p.outputs(points)
            let scales: [Scalar] = [1, 10, 100, 1000]
            let gaps = scales.map { c in
                zip(p.scaled(by: c).sigmoidOutputs(points), outputs).map {
                    Swift.abs($0 - Scalar($1))
                }
            }
            var away = 0
            for i in 0..<points.rows where Swift.abs(z[i]) >= 0.05 {
                away += 1
                for k in 1..<scales.count {
                    #expect(gaps[k][i] <= gaps[k - 1][i] + Scalar.ulpOfOne)
                }
                #expect(gaps.last![i] < 1e-6, "z = \(z[i])")
            }
            #expect(away >= 400)
            #expect(gaps[0].max()! > 0.3)  // at c = 1 the sigmoid is far from a step

            // On the boundary the sigmoid neuron says 1/2 for every c, the
            // perceptron 0: the limit does not hold there.
            let onBoundary: [Scalar] = [0.75, 0.75]  // -2 (0.75) - 2 (0.75) + 3 = 0
            for c: Scalar in [1, 2, 1024, 1_048_576] {
                let gate = ClassicPerceptron<Scalar>.nand.scaled(by: c)
                #expect(gate.preActivation(onBoundary) == 0)
                #expect(gate.sigmoidOutput(onBoundary) == 0.5)
                #expect(gate.output(onBoundary) == 0)
            }
            #expect(ClassicPerceptron<Scalar>.sigmoid(-1000) >= 0)
            #expect(ClassicPerceptron<Scalar>.sigmoid(1000) == 1)
        }
    }

    // MARK: Programmer errors

    @Test("samples with the wrong number of columns stop with both shapes named")
    func shapeMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            let p = ClassicPerceptron<Double>(inputCount: 3)
            _ = p.outputs(Matrix<Double>(rows: 4, columns: 2))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("samples are 4x2 but the perceptron has 3 weights"))
    }

    @Test("labels that do not match the samples stop with both counts named")
    func labelCountMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var p = ClassicPerceptron<Float>(inputCount: 2)
            _ = try? p.train(on: Matrix<Float>(rows: 4, columns: 2), labels: [0, 1, 1])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("samples are 4x2 but there are 3 labels"))
    }

    @Test("scaling by c <= 0 stops")
    func nonPositiveScaleStops() async {
        await #expect(processExitsWith: .failure) {
            _ = ClassicPerceptron<Double>.nand.scaled(by: 0)
        }
        await #expect(processExitsWith: .failure) {
            _ = ClassicPerceptron<Double>.nand.scaled(by: -1)
        }
    }
}

/// Nielsen's half adder (chapter 1) built from one NAND perceptron `gate`:
/// `n = NAND(x1, x2)`, `sum = NAND(NAND(x1, n), NAND(x2, n))`,
/// `carry = NAND(n, n)`.
private func halfAdder<Scalar: BLASScalar>(
    _ gate: ClassicPerceptron<Scalar>, _ x1: Int, _ x2: Int
) -> (sum: Int, carry: Int) {
    func nand(_ a: Int, _ b: Int) -> Int { gate.output([Scalar(a), Scalar(b)]) }
    let n = nand(x1, x2)
    return (nand(nand(x1, n), nand(x2, n)), nand(n, n))
}

/// Points uniform in `[-1, 1]^2` labelled by a random line through the
/// square, `label = step(u . (x, 1))` for a unit `u = (w*, b*)`, keeping only
/// points at least `margin` from the line in the sense of Novikoff's theorem.
private struct SeparableSet<Scalar: BLASScalar> {
    var samples: Matrix<Scalar>
    var labels: [Int]
    /// `max ||(x_i, 1)||`.
    var radius: Double
    /// `min |u . (x_i, 1)|` over the points as stored (after rounding to
    /// `Scalar`).
    var margin: Double

    init(count: Int, margin minimumMargin: Double, seed: UInt64) {
        var generator = Xoshiro256StarStar(seed: seed)
        // A uniformly random direction, and an offset that keeps the line
        // within 0.5 of the origin, so both classes have points.
        let (g0, g1) = Double.standardNormalPair(using: &generator)
        let length = (g0 * g0 + g1 * g1).squareRoot()
        let offset = Double.random(in: -0.5...0.5, using: &generator)
        let norm = (1 + offset * offset).squareRoot()
        let u = (g0 / length / norm, g1 / length / norm, offset / norm)
        var rows = [[Scalar]]()
        labels = []
        radius = 0
        margin = .infinity
        while rows.count < count {
            let x = [
                Scalar(Double.random(in: -1...1, using: &generator)),
                Scalar(Double.random(in: -1...1, using: &generator)),
            ]
            let (x0, x1) = (Double(x[0]), Double(x[1]))
            let z = u.0 * x0 + u.1 * x1 + u.2
            guard Swift.abs(z) >= minimumMargin, z != 0 else { continue }
            rows.append(x)
            labels.append(z > 0 ? 1 : 0)
            radius = Swift.max(radius, (x0 * x0 + x1 * x1 + 1).squareRoot())
            margin = Swift.min(margin, Swift.abs(z))
        }
        samples = Matrix(rows)
    }
}

extension Matrix {
    /// A reproducible `rows x columns` matrix of standard normal samples.
    fileprivate static func standardNormal(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = Xoshiro256StarStar(seed: seed)
        return Matrix(randomNormalRows: rows, columns: columns, using: &generator)
    }
}
