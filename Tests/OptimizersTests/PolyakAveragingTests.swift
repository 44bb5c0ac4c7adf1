import Optimizers
import Tensor
import Testing

/// The three averages of lecture 2 against numpy's closed (non-recursive)
/// formulas from scripts/optimizer-golden.py, and the relations between them.
@Suite("Polyak averaging")
struct PolyakAveragingTests {
    @Test func averagesMatchClosedFormulas() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let kinds: [(PolyakAveraging<Scalar>.Kind, [[Double]])] = [
                (.uniform, Golden.uniformAverage),
                (.geometric(decay: 0.8), Golden.geometricAverage),
                (.exponential(decay: 0.8), Golden.exponentialAverage),
            ]
            for (kind, expected) in kinds {
                var averaging = PolyakAveraging<Scalar>(kind)
                for (k, w) in Golden.gradients.enumerated() {
                    averaging.accumulate(w.map { Scalar($0) })
                    expectClose(
                        averaging.average, expected[k], tolerance: goldenTolerance(Scalar.self),
                        "\(kind) k = \(k + 1)")
                }
                #expect(averaging.count == 4)
            }
        }
    }

    /// A pseudo-random walk of `count` vectors of `n` elements.
    func iterates(count: Int, n: Int) -> [[Double]] {
        var generator = Xoshiro256StarStar(seed: 7)
        var w = [Double](repeating: 0, count: n)
        return (0..<count).map { _ in
            for i in 0..<n { w[i] += Double.random(in: -1...1, using: &generator) }
            return w
        }
    }

    @Test func uniformIsTheArithmeticMean() {
        let ws = iterates(count: 100, n: 6)
        var averaging = PolyakAveraging<Double>(.uniform)
        var geometricOne = PolyakAveraging<Double>(.geometric(decay: 1))
        for w in ws {
            averaging.accumulate(w)
            geometricOne.accumulate(w)
        }
        let mean = (0..<6).map { i in ws.map { $0[i] }.reduce(0, +) / 100 }
        expectClose(averaging.average, mean, tolerance: 1e-13)
        expectClose(geometricOne.average, mean, tolerance: 1e-13)
        #expect(averaging.normalizer == 100)
        #expect(averaging.biasCorrection == 1)
    }

    /// The recursion from zero equals `(1 - beta^k)` times the normalized
    /// geometric average: dividing by the bias correction recovers it.
    @Test(arguments: [0.5, 0.9, 0.99])
    func exponentialIsBiasedGeometric(beta: Double) {
        var geometric = PolyakAveraging<Double>(.geometric(decay: beta))
        var exponential = PolyakAveraging<Double>(.exponential(decay: beta))
        for (k, w) in iterates(count: 60, n: 4).enumerated() {
            geometric.accumulate(w)
            exponential.accumulate(w)
            let correction = 1 - Double.pow(beta, k + 1)
            #expect(abs(exponential.biasCorrection - correction) < 1e-15)
            #expect(abs(geometric.biasCorrection - correction) < 1e-15)
            expectClose(
                exponential.average.map { $0 / exponential.biasCorrection }, geometric.average,
                tolerance: 1e-12, "k = \(k + 1)")
            // And (1 - beta) S(k) = 1 - beta^k.
            #expect(abs((1 - beta) * geometric.normalizer - correction) < 1e-14)
        }
    }

    @Test func copyAverageAndStateRestore() throws {
        let ws = iterates(count: 20, n: 3)
        var whole = PolyakAveraging<Float>(.geometric(decay: 0.9))
        var first = PolyakAveraging<Float>(.geometric(decay: 0.9))
        for w in ws { whole.accumulate(w.map { Float($0) }) }
        for w in ws[..<7] { first.accumulate(w.map { Float($0) }) }
        var resumed = PolyakAveraging<Float>(.geometric(decay: 0.9))
        try resumed.restore(first.state)
        for w in ws[7...] { resumed.accumulate(w.map { Float($0) }) }
        #expect(resumed.average == whole.average)
        #expect(resumed.state == whole.state)

        var parameters: [Float] = [0, 0, 0]
        whole.copyAverage(into: &parameters)
        #expect(parameters == whole.average)
    }
}
