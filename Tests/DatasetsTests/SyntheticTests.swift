import Datasets
import Foundation
import Tensor
import Testing

/// The synthetic 2-D sets: reproducible from a seed, the right shapes and
/// class balance, and the geometry each one promises.
@Suite("Synthetic datasets")
struct SyntheticTests {
    /// Each set made from a seed, in Double.
    static let makers: [(name: String, make: @Sendable (UInt64) -> Dataset<Double>)] = [
        (
            "xor",
            { seed in
                var g = Xoshiro256StarStar(seed: seed)
                return .xor(count: 101, using: &g)
            }
        ),
        (
            "circles",
            { seed in
                var g = Xoshiro256StarStar(seed: seed)
                return .circles(count: 101, noise: 0.05, using: &g)
            }
        ),
        (
            "moons",
            { seed in
                var g = Xoshiro256StarStar(seed: seed)
                return .moons(count: 101, noise: 0.1, using: &g)
            }
        ),
        (
            "spirals",
            { seed in
                var g = Xoshiro256StarStar(seed: seed)
                return .spirals(count: 101, arms: 3, noise: 0.02, using: &g)
            }
        ),
        (
            "blobs",
            { seed in
                var g = Xoshiro256StarStar(seed: seed)
                return .blobs(count: 101, centerCount: 4, using: &g)
            }
        ),
    ]

    @Test("the same seed gives the same set, another seed another one", arguments: 0..<5)
    func reproducible(maker: Int) {
        let make = Self.makers[maker].make
        #expect(make(7) == make(7), "\(Self.makers[maker].name)")
        #expect(make(7).features != make(8).features, "\(Self.makers[maker].name)")
    }

    @Test("shapes and class balance", arguments: 0..<5)
    func shapesAndBalance(maker: Int) {
        let dataset = Self.makers[maker].make(1)
        #expect(dataset.count == 101 && dataset.featureCount == 2)
        let counts = dataset.classCounts
        #expect(counts.reduce(0, +) == 101)
        #expect(counts.max()! - counts.min()! <= 1, "\(Self.makers[maker].name): \(counts)")
        #expect(dataset.features.elements.allSatisfy { $0.isFinite })
        // Shuffled: the labels are not sorted.
        #expect(dataset.labels != dataset.labels.sorted())
    }

    @Test("class counts: moons and circles put count / 2 in class 0, blobs spread the rest")
    func classCounts() {
        var generator = Xoshiro256StarStar(seed: 3)
        #expect(Dataset<Float>.moons(count: 7, using: &generator).classCounts == [3, 4])
        #expect(Dataset<Float>.circles(count: 7, using: &generator).classCounts == [3, 4])
        #expect(Dataset<Float>.xor(count: 10, using: &generator).classCounts == [5, 5])
        #expect(
            Dataset<Float>.spirals(count: 10, arms: 3, using: &generator).classCounts == [4, 3, 3])
        #expect(
            Dataset<Float>.blobs(count: 10, centers: [[0], [1], [2]], using: &generator).classCounts
                == [4, 3, 3])
    }

    @Test("moons without noise lie on scikit-learn's two half circles")
    func moonsGeometry() {
        var generator = Xoshiro256StarStar(seed: 5)
        let moons = Dataset<Double>.moons(count: 200, using: &generator)
        for i in 0..<moons.count {
            let (x, y) = (moons.features[i, 0], moons.features[i, 1])
            if moons.labels[i] == 0 {
                // (cos t, sin t), t in [0, pi]: the upper unit half circle.
                #expect(abs(x * x + y * y - 1) < 1e-12 && y >= 0)
            } else {
                // (1 - cos t, 1 - sin t - 0.5): the unit circle around (1, 0.5), lower half.
                #expect(abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5)
            }
        }
        // The ends of both arcs are included (linspace): x spans [-1, 1] and [0, 2].
        let outer = (0..<200).filter { moons.labels[$0] == 0 }.map { moons.features[$0, 0] }
        let inner = (0..<200).filter { moons.labels[$0] == 1 }.map { moons.features[$0, 0] }
        #expect(abs(outer.min()! + 1) < 1e-12 && abs(outer.max()! - 1) < 1e-12)
        #expect(abs(inner.min()!) < 1e-12 && abs(inner.max()! - 2) < 1e-12)
    }

    @Test("circles without noise have radii 1 and factor; noise spreads them")
    func circlesGeometry() {
        var generator = Xoshiro256StarStar(seed: 9)
        let circles = Dataset<Double>.circles(count: 100, factor: 0.3, using: &generator)
        for i in 0..<circles.count {
            let radius = hypot(circles.features[i, 0], circles.features[i, 1])
            #expect(abs(radius - (circles.labels[i] == 0 ? 1 : 0.3)) < 1e-12)
        }
        let noisy = Dataset<Double>.circles(
            count: 2000, noise: 0.05, factor: 0.3, using: &generator)
        let (features, labels) = (noisy.features, noisy.labels)
        let deviations = (0..<noisy.count).map { i in
            hypot(features[i, 0], features[i, 1]) - (labels[i] == 0 ? 1 : 0.3)
        }
        let rms = (deviations.map { $0 * $0 }.reduce(0, +) / Double(deviations.count)).squareRoot()
        #expect(rms > 0.03 && rms < 0.08)
    }

    @Test("XOR: without noise every point is a corner, the class says whether the signs differ")
    func xorGeometry() {
        var generator = Xoshiro256StarStar(seed: 2)
        let xor = Dataset<Float>.xor(count: 40, noise: 0, using: &generator)
        for i in 0..<xor.count {
            let (x, y) = (xor.features[i, 0], xor.features[i, 1])
            #expect(abs(x) == 1 && abs(y) == 1)
            #expect(xor.labels[i] == (x * y < 0 ? 1 : 0))
        }
    }

    @Test("spirals: radius in (0, 1], one class per arm, arms rotated by 2 pi / arms")
    func spiralsGeometry() {
        var generator = Xoshiro256StarStar(seed: 4)
        let spirals = Dataset<Double>.spirals(count: 300, arms: 3, turns: 0.5, using: &generator)
        #expect(spirals.classCount == 3)
        for i in 0..<spirals.count {
            let (x, y) = (spirals.features[i, 0], spirals.features[i, 1])
            let radius = hypot(x, y)
            #expect(radius > 0 && radius <= 1 + 1e-12)
            // angle = 2 pi (arm / 3 + 0.5 r), modulo 2 pi.
            let expected = 2 * Double.pi * (Double(spirals.labels[i]) / 3 + 0.5 * radius)
            let difference = remainder(atan2(y, x) - expected, 2 * .pi)
            #expect(abs(difference) < 1e-9)
        }
    }

    @Test("blobs gather around their centers with the given spread")
    func blobsGeometry() {
        var generator = Xoshiro256StarStar(seed: 11)
        let centers: [[Double]] = [[-5, 0], [5, 5], [0, -5]]
        let blobs = Dataset<Double>.blobs(
            count: 3000, centers: centers, standardDeviation: 0.5, using: &generator)
        let (features, labels) = (blobs.features, blobs.labels)
        for (label, center) in centers.enumerated() {
            let rows = (0..<blobs.count).filter { labels[$0] == label }
            for j in 0..<2 {
                let values = rows.map { features[$0, j] }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance =
                    values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
                #expect(abs(mean - center[j]) < 0.06)
                #expect(abs(variance.squareRoot() - 0.5) < 0.04)
            }
        }
        var again = Xoshiro256StarStar(seed: 11)
        let random = Dataset<Double>.blobs(count: 50, centerCount: 5, dimensions: 3, using: &again)
        #expect(random.featureCount == 3 && random.classCount == 5)
    }

    @Test("the Float set is the Double set rounded")
    func floatMatchesDouble() {
        var g1 = Xoshiro256StarStar(seed: 21)
        var g2 = Xoshiro256StarStar(seed: 21)
        let single = Dataset<Float>.moons(count: 50, noise: 0.1, using: &g1)
        let double = Dataset<Double>.moons(count: 50, noise: 0.1, using: &g2)
        #expect(single.labels == double.labels)
        #expect(single.features.elements == double.features.elements.map { Float($0) })
    }
}
