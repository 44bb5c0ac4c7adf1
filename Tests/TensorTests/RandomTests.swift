import Foundation
import Tensor
import Testing

@Suite("Seeded random numbers")
struct RandomTests {
    @Test("the same seed gives the same matrix; another seed does not")
    func reproducible() {
        var g1 = Xoshiro256StarStar(seed: 42)
        var g2 = Xoshiro256StarStar(seed: 42)
        var g3 = Xoshiro256StarStar(seed: 43)
        let a = Matrix<Double>(randomNormalRows: 5, columns: 7, using: &g1)
        #expect(a == Matrix(randomNormalRows: 5, columns: 7, using: &g2))
        #expect(a != Matrix(randomNormalRows: 5, columns: 7, using: &g3))
    }

    @Test("the reference sequence of xoshiro256**")
    func knownSequence() {
        // State (1, 2, 3, 4) gives 11520, 0, 1509978240, 1215971899390074240
        // in the authors' C implementation (prng.di.unimi.it/xoshiro256starstar.c).
        var generator = Xoshiro256StarStar(state: [1, 2, 3, 4])
        #expect(
            (0..<4).map { _ in generator.next() } == [
                11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
            ])
    }

    @Test("saving and restoring the state continues the sequence exactly")
    func stateRoundTrip() throws {
        var generator = Xoshiro256StarStar(seed: 7)
        for _ in 0..<10 { _ = generator.next() }
        var restored = Xoshiro256StarStar(state: generator.state)
        #expect((0..<5).map { _ in generator.next() } == (0..<5).map { _ in restored.next() })
        let decoded = try JSONDecoder().decode(
            Xoshiro256StarStar.self, from: try JSONEncoder().encode(generator))
        #expect(decoded == generator)
    }

    @Test("normal samples have the requested mean and deviation")
    func normalMoments() {
        var generator = Xoshiro256StarStar(seed: 1)
        let n = 200_000
        let samples = Matrix<Double>(
            randomNormalRows: 1, columns: n, mean: 3, standardDeviation: 0.5, using: &generator)
        let mean = samples.sum() / Double(n)
        let variance = samples.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        // Standard errors: 0.5 / sqrt(n) ~ 0.0011 for the mean, ~0.0008 for the variance.
        #expect(Swift.abs(mean - 3) < 0.006)
        #expect(Swift.abs(variance - 0.25) < 0.005)
        let beyondThreeSigma = samples.elements.filter { Swift.abs($0 - 3) > 1.5 }.count
        #expect(Double(beyondThreeSigma) / Double(n) < 0.0035)  // 0.27% for a normal
    }

    @Test("uniform samples stay in range and fill it")
    func uniformRange() {
        var generator = Xoshiro256StarStar(seed: 2)
        let m = Matrix<Float>(
            randomUniformRows: 100, columns: 100, in: -0.5...0.5, using: &generator)
        #expect(m.elements.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
        #expect(m.elements.min()! < -0.49 && m.elements.max()! > 0.49)
        #expect(Swift.abs(m.sum() / 10_000) < 0.01)
    }
}
