import Optimizers
import Tensor
import Testing

/// The three averages against numpy's closed (non-recursive) formulas from
/// scripts/optimizer-golden.py, the exponential average's warm-up against
/// values worked out by hand, and the relations between the averages.
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
    }

    /// The geometric normalizer is `S(k) = (1 - beta^k) / (1 - beta)`.
    @Test(arguments: [0.5, 0.9, 0.99])
    func geometricNormalizer(beta: Double) {
        var geometric = PolyakAveraging<Double>(.geometric(decay: beta))
        for (k, w) in iterates(count: 60, n: 4).enumerated() {
            geometric.accumulate(w)
            let expected = (1 - Double.pow(beta, k + 1)) / (1 - beta)
            #expect(abs(geometric.normalizer - expected) < 1e-13 * expected)
        }
    }

    /// TensorFlow's `ExponentialMovingAverage` with `num_updates = t`:
    /// `min(beta, (1 + t) / (10 + t))`.
    @Test func warmUpDecay() {
        typealias Average = PolyakAveraging<Double>
        #expect(Average.warmUpDecay(0.999, update: 0) == 0.1)
        #expect(Average.warmUpDecay(0.999, update: 1) == 2.0 / 11)
        #expect(Average.warmUpDecay(0.999, update: 2) == 0.25)
        // 8,990 / 8,999 < 0.999 = 8,991 / 9,000: beta from t = 8,990 on.
        #expect(Average.warmUpDecay(0.999, update: 8_989) == 8_990.0 / 8_999)
        #expect(Average.warmUpDecay(0.999, update: 8_990) == 0.999)
        #expect(Average.warmUpDecay(0.999, update: 1_000_000) == 0.999)
        #expect(Average.warmUpDecay(0.2, update: 2) == 0.2)
        #expect(Average.warmUpDecay(0, update: 0) == 0)
    }

    /// w(1) = (1, -2), w(2) = (3, 0), w(3) = (0, 4). The average starts at
    /// w(1); then d(1) = 2/11 and d(2) = 1/4:
    /// w_av(2) = (2/11) w(1) + (9/11) w(2) = (29/11, -4/11),
    /// w_av(3) = (1/4) w_av(2) + (3/4) w(3) = (29/44, 32/11).
    /// With beta = 0.2 the third decay is beta, 0.2 < 1/4:
    /// w_av(3) = 0.2 w_av(2) + 0.8 w(3) = (29/55, 172/55).
    @Test func exponentialWarmUpKnownValues() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let ws: [[Scalar]] = [[1, -2], [3, 0], [0, 4]]
            let tolerance = Double(Scalar.ulpOfOne) * 16
            var slow = PolyakAveraging<Scalar>(.exponential(decay: 0.999))
            var capped = PolyakAveraging<Scalar>(.exponential(decay: 0.2))
            slow.accumulate(ws[0])
            capped.accumulate(ws[0])
            // The first iterate itself, not (1 - beta) w(1) = (0.001, -0.002).
            #expect(slow.average == [1, -2])
            #expect(capped.average == [1, -2])
            slow.accumulate(ws[1])
            capped.accumulate(ws[1])
            expectClose(slow.average, [29.0 / 11, -4.0 / 11], tolerance: tolerance)
            expectClose(capped.average, [29.0 / 11, -4.0 / 11], tolerance: tolerance)
            slow.accumulate(ws[2])
            capped.accumulate(ws[2])
            expectClose(slow.average, [29.0 / 44, 32.0 / 11], tolerance: tolerance)
            expectClose(capped.average, [29.0 / 55, 172.0 / 55], tolerance: tolerance)
        }
    }

    /// The short-run lag of issue 15, item 11. For w(i) = i the warm-up
    /// average is exactly `0.9 k` once the start has decayed
    /// (`(k / (9 + k)) 0.9 (k - 1) + (9 / (9 + k)) k = 0.9 k`): a tenth of
    /// the run behind. The constant-beta recursion from zero stood at 4.9.
    @Test func exponentialAverageFollowsAShortRun() {
        var averaging = PolyakAveraging<Double>(.exponential(decay: 0.999))
        for i in 1...100 { averaging.accumulate([Double(i)]) }
        #expect(abs(averaging.average[0] - 90) < 1e-9, "\(averaging.average)")
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

    /// The warm-up depends on the count alone, which the snapshot holds.
    @Test func exponentialStateRestoreContinuesBitForBit() throws {
        let ws = iterates(count: 30, n: 3)
        var whole = PolyakAveraging<Double>(.exponential(decay: 0.9))
        var first = PolyakAveraging<Double>(.exponential(decay: 0.9))
        for w in ws { whole.accumulate(w) }
        for w in ws[..<11] { first.accumulate(w) }
        var resumed = PolyakAveraging<Double>(.exponential(decay: 0.9))
        try resumed.restore(first.state)
        #expect(resumed.count == 11)
        for w in ws[11...] { resumed.accumulate(w) }
        #expect(resumed.average == whole.average)
        #expect(resumed.state == whole.state)
    }

    /// A snapshot as checkpoints wrote it before the warm-up (the same
    /// fields) loads, and continues with the decay of its count:
    /// d(3) = min(0.9, 4/13), so (4/13) 2 + (9/13) 6 = 62/13 and
    /// (4/13) 2 - (9/13) 2 = -10/13.
    @Test func snapshotWithoutWarmUpStillLoads() throws {
        let old = OptimizerState<Double>(
            optimizer: "PolyakAveraging", stepCount: 3, vectors: ["average": [2, 2]],
            scalars: ["normalizer": 2.71, "decayPower": 0.729])
        var averaging = PolyakAveraging<Double>(.exponential(decay: 0.9))
        try averaging.restore(old)
        averaging.accumulate([6, -2])
        expectClose(averaging.average, [62.0 / 13, -10.0 / 13], tolerance: 1e-15)
        #expect(averaging.count == 4)
    }
}
