import Network
import RealModule
import Tensor
import Testing

/// Weight initialization (Glorot and Bengio 2010; He et al. 2015): each
/// initializer's empirical
/// distribution on a 400 x 300 layer matches its formula, biases start at
/// zero, seeds reproduce, and the model picks He for the ReLU family and
/// Glorot otherwise.
@Suite("Initializers")
struct InitializerTests {
    static let fanIn = 400
    static let fanOut = 300

    /// Each initializer with the standard deviation its formula gives for a
    /// 400 x 300 layer, and whether it draws from a normal distribution.
    static let formulas: [(Initializer, Double, normal: Bool)] = [
        (.smallRandom, 0.01, true),
        (.normal(standardDeviation: 0.5), 0.5, true),
        // U(-r, r) has deviation r / sqrt(3).
        (.uniform(bound: 0.3), 0.3 / 3.0.squareRoot(), false),
        (.xavierNormal, (2.0 / 700).squareRoot(), true),
        // r = sqrt(6 / 700) gives the deviation sqrt(2 / 700).
        (.xavierUniform, (2.0 / 700).squareRoot(), false),
        (.lecunNormal, 1.0 / 20, true),
        (.he, (2.0 / 400).squareRoot(), true),
    ]

    @Test(
        "the weights of a 400x300 layer have the formula's deviation, mean 0 and shape",
        arguments: formulas)
    func deviationMatchesFormula(initializer: Initializer, deviation: Double, normal: Bool) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let model = makeModel(
                Scalar.self, inputs: Self.fanIn,
                layers: [.dense(outputs: Self.fanOut, activation: .relu)],
                loss: .meanSquaredError, initializer: initializer, seed: 31)
            let dense = model.denseLayers[0]!
            let w = model.parameters[dense.weightRange].map(Double.init)
            let statistics = Statistics(w)
            let n = Double(w.count)
            #expect(
                Swift.abs(statistics.deviation / deviation - 1) < 0.02,
                "\(initializer), \(Scalar.self): deviation \(statistics.deviation)")
            // The mean is within 5 standard errors of 0.
            #expect(Swift.abs(statistics.mean) < 5 * deviation / n.squareRoot())
            // Normal: 68.3% within one deviation; uniform: 1/sqrt(3) = 57.7%.
            let within = statistics.fraction { Swift.abs($0) <= deviation }
            #expect(Swift.abs(within - (normal ? 0.682_689 : 1 / 3.0.squareRoot())) < 0.01)
        }
    }

    @Test(
        "uniform initializers fill [-r, r] and no more; Xavier's r is sqrt(6 / (fanIn + fanOut))"
    )
    func uniformBounds() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let bounds: [(Initializer, Scalar)] = [
                (.xavierUniform, Scalar.sqrt(6 / Scalar(Self.fanIn + Self.fanOut))),
                (.uniform(bound: 0.3), 0.3),
            ]
            for (initializer, r) in bounds {
                var weights = [Scalar](repeating: .nan, count: Self.fanIn * Self.fanOut)
                var generator = Xoshiro256StarStar(seed: 32)
                initializer.fill(
                    &weights, fanIn: Self.fanIn, fanOut: Self.fanOut, using: &generator)
                #expect(weights.allSatisfy { Swift.abs($0) <= r }, "\(initializer)")
                #expect(weights.max()! > 0.999 * r, "\(initializer)")
                #expect(weights.min()! < -0.999 * r, "\(initializer)")
            }
        }
    }

    @Test("biases start at zero in every dense layer, whatever the initializer")
    func biasesStartAtZero() {
        let initializers: [Initializer?] = Self.formulas.map(\.0) + [nil]
        for initializer in initializers {
            let model = makeModel(
                Double.self, inputs: 6,
                layers: [
                    .dense(outputs: 8, activation: .relu), .dropout(rate: 0.1),
                    .dense(outputs: 5, activation: .tanh), .dense(outputs: 3),
                ],
                loss: .softmaxCrossEntropy, initializer: initializer, seed: 33)
            for case let dense? in model.denseLayers {
                #expect(model.parameters[dense.biasRange].allSatisfy { $0 == 0 })
                #expect(model.parameters[dense.weightRange].allSatisfy { $0 != 0 })
            }
        }
    }

    @Test("the same seed gives the same parameters, a different seed different ones")
    func seedsReproduce() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let layers: [Layer] = [.dense(outputs: 20, activation: .tanh), .dense(outputs: 4)]
            func model(seed: UInt64) -> Sequential<Scalar> {
                makeModel(
                    Scalar.self, inputs: 10, layers: layers, loss: .softmaxCrossEntropy, seed: seed)
            }
            let (a, b, c) = (model(seed: 34), model(seed: 34), model(seed: 35))
            #expect(a.parameters == b.parameters)
            #expect(a.generator == b.generator)
            let weights = a.denseLayers.compactMap { $0?.weightRange }.flatMap { $0 }
            let same = weights.filter { a.parameters[$0] == c.parameters[$0] }
            #expect(same.isEmpty, "\(same.count) of \(weights.count) weights equal across seeds")
            #expect(a.generator != c.generator)
            // fill itself is a pure function of the generator state.
            var (g1, g2) = (Xoshiro256StarStar(seed: 36), Xoshiro256StarStar(seed: 36))
            var (w1, w2) = ([Scalar](repeating: 0, count: 50), [Scalar](repeating: 0, count: 50))
            Initializer.he.fill(&w1, fanIn: 10, fanOut: 5, using: &g1)
            Initializer.he.fill(&w2, fanIn: 10, fanOut: 5, using: &g2)
            #expect(w1 == w2)
        }
    }

    @Test("recommended(for:) is He for the ReLU family and Glorot normal otherwise")
    func recommended() {
        #expect(Initializer.recommended(for: .relu) == .he)
        #expect(Initializer.recommended(for: .leakyReLU()) == .he)
        #expect(Initializer.recommended(for: .leakyReLU(slope: 0.3)) == .he)
        for activation in [Activation.identity, .sign, .sigmoid, .tanh, .hardTanh, .softmax] {
            #expect(Initializer.recommended(for: activation) == .xavierNormal, "\(activation.name)")
        }
    }

    @Test("without an initializer each layer gets the one recommended for its activation")
    func modelUsesRecommended() {
        let model = makeModel(
            Float.self, inputs: 400,
            layers: [
                .dense(outputs: 300, activation: .relu), .dense(outputs: 200, activation: .tanh),
            ],
            loss: .meanSquaredError, seed: 37)
        let deviations = model.denseLayers.map {
            Statistics(model.parameters[$0!.weightRange].map(Double.init)).deviation
        }
        #expect(Swift.abs(deviations[0] / (2.0 / 400).squareRoot() - 1) < 0.02)  // He
        #expect(Swift.abs(deviations[1] / (2.0 / 500).squareRoot() - 1) < 0.03)  // Glorot
    }
}

/// Mean and (population) standard deviation of a sample, in Double.
private struct Statistics {
    let values: [Double]
    let mean: Double
    let deviation: Double

    init(_ values: [Double]) {
        self.values = values
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
    }

    /// The fraction of the sample for which `condition` holds.
    func fraction(_ condition: (Double) -> Bool) -> Double {
        Double(values.filter(condition).count) / Double(values.count)
    }
}
