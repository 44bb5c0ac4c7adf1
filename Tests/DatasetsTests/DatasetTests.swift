import Datasets
import Tensor
import Testing

/// Building a dataset (the checks on its values), subsets and the
/// train/validation split.
@Suite("Dataset")
struct DatasetTests {
    /// `n` samples whose single feature is the sample's index, so that any
    /// rearrangement can be traced back; labels cycle through `classes`.
    static func indexed(_ n: Int, classes: Int = 3) -> Dataset<Double> {
        try! Dataset(
            features: Matrix(rows: n, columns: 1) { i, _ in Double(i) },
            labels: (0..<n).map { $0 % classes }, classCount: classes)
    }

    /// The original indices of a dataset made by ``indexed(_:classes:)``.
    static func indices(_ dataset: Dataset<Double>) -> [Int] {
        dataset.features.elements.map { Int($0) }
    }

    @Test("the class count comes from the labels, the names or the caller")
    func classCount() throws {
        let features = Matrix<Float>(rows: 3, columns: 2)
        #expect(try Dataset(features: features, labels: [0, 2, 1]).classCount == 3)
        #expect(try Dataset(features: features, labels: [0, 2, 1], classCount: 5).classCount == 5)
        let named = try Dataset(
            features: features, labels: [0, 0, 1], classNames: ["a", "b", "c"])
        #expect(named.classCount == 3 && named.classCounts == [2, 1, 0])
        #expect(
            try Dataset(features: Matrix<Float>(rows: 0, columns: 2), labels: []).classCount == 0)
    }

    @Test("NaN or infinity in the inputs", arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteFeature(value: Double) {
        var features = Matrix<Double>(rows: 3, columns: 4)
        features[2, 1] = value
        expectError(
            .nonFiniteFeature(sample: 2, feature: 1),
            message: "sample 2, feature 1: not finite (NaN or infinity)"
        ) { () throws(DatasetError) in try Dataset(features: features, labels: [0, 1, 0]) }
    }

    @Test("labels out of range, negative or too large")
    func labelOutOfRange() {
        let features = Matrix<Float>(rows: 3, columns: 1)
        expectError(
            .labelOutOfRange(label: 3, classCount: 3, location: .sample(1)),
            message: "sample 1: label 3 is outside 0..<3"
        ) { () throws(DatasetError) in
            try Dataset(features: features, labels: [0, 3, 1], classCount: 3)
        }
        expectError(
            .labelOutOfRange(label: -1, classCount: 2, location: .sample(2)),
            message: "sample 2: label -1 is outside 0..<2"
        ) { () throws(DatasetError) in try Dataset(features: features, labels: [0, 1, -1]) }
    }

    @Test("a subset holds the chosen rows in the chosen order")
    func subset() {
        let dataset = Self.indexed(10)
        let subset = dataset.subset([7, 2, 2, 9])
        #expect(Self.indices(subset) == [7, 2, 2, 9])
        #expect(subset.labels == [1, 2, 2, 0] && subset.classCount == 3)
    }

    @Test(
        "split sizes: ceil(fraction * n) for validation, every sample once",
        arguments: [(100, 0.2, 20), (101, 0.2, 21), (10, 0, 0), (10, 1, 10), (7, 0.5, 4)])
    func splitSizes(n: Int, fraction: Double, validationCount: Int) {
        var generator = Xoshiro256StarStar(seed: 1)
        let (training, validation) = Self.indexed(n).split(
            validationFraction: fraction, using: &generator)
        #expect(validation.count == validationCount && training.count == n - validationCount)
        let all = Self.indices(training) + Self.indices(validation)
        #expect(all.sorted() == Array(0..<n))  // disjoint and complete
        // Labels travel with their rows.
        #expect(training.labels == Self.indices(training).map { $0 % 3 })
    }

    @Test("a split is reproducible from the seed and random")
    func splitReproducible() {
        let dataset = Self.indexed(50)
        var g1 = Xoshiro256StarStar(seed: 5)
        var g2 = Xoshiro256StarStar(seed: 5)
        var g3 = Xoshiro256StarStar(seed: 6)
        let a = dataset.split(validationFraction: 0.3, using: &g1)
        let b = dataset.split(validationFraction: 0.3, using: &g2)
        let c = dataset.split(validationFraction: 0.3, using: &g3)
        #expect(a.training == b.training && a.validation == b.validation)
        #expect(a.validation != c.validation)
        #expect(Self.indices(a.validation) != Self.indices(a.validation).sorted())
    }

    @Test("a stratified split keeps each class's share")
    func stratifiedSplit() {
        // Classes of 60, 30 and 10 samples.
        let labels =
            Array(repeating: 0, count: 60) + Array(repeating: 1, count: 30)
            + Array(repeating: 2, count: 10)
        let dataset = try! Dataset(
            features: Matrix(rows: 100, columns: 1) { i, _ in Double(i) }, labels: labels)
        var generator = Xoshiro256StarStar(seed: 3)
        let (training, validation) = dataset.split(
            validationFraction: 0.25, stratified: true, using: &generator)
        // 25 validation samples: quotas 15, 7.5, 2.5 -> 15, 8, 2 (largest
        // remainder, ties to the smaller class).
        #expect(validation.classCounts == [15, 8, 2])
        #expect(training.classCounts == [45, 22, 8])
        let all = Self.indices(training) + Self.indices(validation)
        #expect(all.sorted() == Array(0..<100))
    }
}
