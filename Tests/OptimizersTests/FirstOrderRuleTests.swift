import Tensor
import Testing

@testable import Optimizers

/// Sign descent, `w -= gamma_k sign(g)` (Bernstein et al., "signSGD",
/// ICML 2018), written as the documentation of ``FirstOrderRule`` shows:
/// a rule outside the module is its formula alone.
struct SignDescent<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    static var name: String { "SignDescent" }
    static var stateVectorNames: [String] { ["lastSign"] }
    var settings: FirstOrderSettings<Scalar>

    init(learningRate: Scalar = 0.01) {
        settings = FirstOrderSettings(Self.name, learningRate: learningRate)
    }

    func initialValue(ofStateVector index: Int) -> Scalar { 7 }

    func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, last) = (update.parameters, update.gradient, update.state(0))
        for i in w.indices {
            last[i] = update.clip(g[i]).sign == .minus ? -1 : 1
            w[i] -= update.rate * last[i]
        }
    }
}

/// What every rule gets from ``FirstOrderRule``: state vectors allocated
/// once, named snapshots with their checks, the schedule and the clipping.
@Suite("The first-order rule skeleton")
struct FirstOrderRuleTests {
    @Test("a rule written as its formula gets its rate, state and snapshots from the skeleton")
    func ruleFromItsFormula() throws {
        var rule = SignDescent<Double>(learningRate: 0.5)
        rule.schedule = .stepDecay(factor: 0.5, interval: 1)
        #expect(
            rule.state
                == OptimizerState(optimizer: "SignDescent", stepCount: 0, vectors: ["lastSign": []])
        )
        var w: [Double] = [1, 1, 1]
        rule.update(&w, along: [2, -3, 0])
        rule.update(&w, along: [2, -3, 0])
        // Rates 0.5 then 0.25 along the signs (+, -, +).
        #expect(w == [0.25, 1.75, 0.25])
        #expect(rule.stepCount == 2 && rule.state.vectors["lastSign"] == [1, -1, 1])

        var resumed = SignDescent<Double>(learningRate: 0.5)
        try resumed.restore(rule.state)
        #expect(resumed.state == rule.state)
        #expect(throws: OptimizerStateError.self) {
            try resumed.restore(Adam<Double>().state)
        }
    }

    @Test("state vectors start from the rule's initial values, allocated on the first update only")
    func allocatedOnce() {
        var rule = SignDescent<Float>()
        var w = [Float](repeating: 1, count: 1_000)
        let g = [Float](repeating: 0.5, count: 1_000)
        func address() -> UnsafeRawPointer? {
            rule.settings.stateStorage.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(rule.settings.stateStorage.isEmpty)
        rule.update(&w, along: g)
        let first = address()
        for _ in 0..<10 { rule.update(&w, along: g) }
        #expect(address() == first)

        // Before any update a rule's vectors hold its initial values:
        // delta-bar-delta's rates start at the learning rate.
        var deltaBarDelta = DeltaBarDelta<Double>(learningRate: 0.3)
        var one: [Double] = [0]
        deltaBarDelta.update(&one, along: [0])
        #expect(deltaBarDelta.rates == [0.3] && deltaBarDelta.averageGradient == [0])
    }

    @Test(
        "AdamW without decay is Adam, to the bit; with decay it shrinks the weights by rate x decay"
    )
    func adamWIsAdamWithDecay() {
        var generator = Xoshiro256StarStar(seed: 5)
        var w = [Double](repeating: 0, count: 257)
        w.fillUniform(in: -1...1, using: &generator)
        var (adam, adamW) = (
            Adam<Double>(learningRate: 0.01), AdamW<Double>(learningRate: 0.01, weightDecay: 0)
        )
        var (a, b) = (w, w)
        for _ in 0..<20 {
            var g = [Double](repeating: 0, count: w.count)
            g.fillUniform(in: -1...1, using: &generator)
            adam.update(&a, along: g)
            adamW.update(&b, along: g)
        }
        #expect(a == b)
        #expect(adamW.state.vectors == adam.state.vectors && adamW.state.optimizer == "AdamW")

        // A zero gradient leaves the moments at zero: only the decay acts.
        var decaying = AdamW<Double>(learningRate: 0.1, weightDecay: 0.5)
        var x: [Double] = [2, -4]
        decaying.update(&x, along: [0, 0])
        let shrunk: [Double] = [2 * 0.95, -4 * 0.95]
        #expect(x == shrunk)
    }
}
