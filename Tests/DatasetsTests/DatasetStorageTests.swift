import Tensor
import Testing

@testable import Datasets

/// The data held once: byte-backed images, views that share one storage
/// (subsets, splits, shuffles, standardized copies), and reading them
/// through ``Dataset/gatherFeatures(at:into:)`` exactly as ``Dataset/features``
/// holds them.
@Suite("Dataset storage")
struct DatasetStorageTests {
    /// `n` random 3x4 "images" of bytes, labels cycling through 5 classes,
    /// held as bytes as an IDX file's are, with the pixels for reference.
    static func images<Scalar: BLASScalar>(
        _ n: Int, as _: Scalar.Type = Scalar.self, seed: UInt64 = 1
    )
        -> (dataset: Dataset<Scalar>, images: IDXImages)
    {
        var generator = Xoshiro256StarStar(seed: seed)
        let pixels = (0..<n * 12).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let images = IDXImages(count: n, rows: 3, columns: 4, pixels: pixels)
        let dataset = Dataset<Scalar>(
            uncheckedStorage: FeatureStorage(rows: n, columns: 12, values: .bytes(pixels)),
            labels: (0..<n).map { $0 % 5 }, classCount: 5, classNames: nil)
        return (dataset, images)
    }

    /// Rows `rows` of `matrix`, copied: what a subset used to hold.
    static func rows<Scalar>(_ rows: [Int], of matrix: Matrix<Scalar>) -> Matrix<Scalar> {
        Matrix(rows: rows.count, columns: matrix.columns) { i, j in matrix[rows[i], j] }
    }

    /// What `gatherFeatures` writes for `positions`, as a matrix.
    static func gathered<Scalar>(_ dataset: Dataset<Scalar>, at positions: [Int]) -> Matrix<Scalar>
    {
        var output = Matrix<Scalar>(rows: positions.count, columns: dataset.featureCount)
        output.withUnsafeMutableScalars {
            dataset.gatherFeatures(at: positions, into: $0.baseAddress!)
        }
        return output
    }

    @Test("IDX images stay bytes: the file's pixels, not a copy as scalars")
    func idxImagesStayBytes() throws {
        let directory = TemporaryDirectory()
        let pixels = (0..<24).map { UInt8($0 * 10) }
        let imagesPath = directory.write(
            idxBytes(dimensions: [4, 2, 3], data: pixels), to: "images")
        let labelsPath = directory.write(
            idxBytes(dimensions: [4], data: [1, 0, 1, 2]), to: "labels")
        let dataset = try Dataset<Float>(idxImages: imagesPath, labels: labelsPath)
        guard case .bytes(let stored) = dataset.storage.values else {
            Issue.record("IDX pixels were converted to scalars")
            return
        }
        #expect(stored == pixels)
        #expect(dataset.features.elements == pixels.map { Float($0) / 255 })
    }

    @Test("gathering a standardized, shuffled view of bytes reads what features holds")
    func gatherMatchesFeatures() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (dataset, images) = Self.images(200, as: Scalar.self)
            var generator = Xoshiro256StarStar(seed: 3)
            let standardization = Standardization(fittedTo: dataset)
            let view = dataset.shuffled(using: &generator).subset(Array(0..<150).reversed())
                .standardized(with: standardization)
            let features = view.features
            // Row by row, in an arbitrary order with repeats, bit for bit.
            let positions = [149, 0, 7, 7, 88, 3]
            #expect(Self.gathered(view, at: positions) == Self.rows(positions, of: features))
            // And what features holds is the old eager pipeline: pixels
            // converted to a matrix, standardized, rows picked.
            let reference = standardization.applied(to: images.features(as: Scalar.self))
            let stored = view.storedRows!
            #expect(features == Self.rows(stored, of: reference))
            #expect(view.labels == stored.map { $0 % 5 })
        }
    }

    @Test("a split's two views hold every sample once and share the storage")
    func splitSharesStorage() {
        let (dataset, _) = Self.images(101, as: Float.self)
        var generator = Xoshiro256StarStar(seed: 5)
        let (training, validation) = dataset.split(
            validationFraction: 0.3, stratified: true, using: &generator)
        #expect(training.storage === dataset.storage && validation.storage === dataset.storage)
        let rows = training.storedRows! + validation.storedRows!
        #expect(rows.sorted() == Array(0..<101))
        #expect(training.labels == training.storedRows!.map { $0 % 5 })
        let all = dataset.features
        #expect(training.features == Self.rows(training.storedRows!, of: all))
        #expect(validation.features == Self.rows(validation.storedRows!, of: all))
    }

    @Test("a subset of a subset picks from the original rows; features copy them as before")
    func subsetOfView() {
        let dataset = DatasetTests.indexed(20)
        let view = dataset.subset([19, 4, 4, 11, 0]).subset([3, 0, 2])
        #expect(view.storage === dataset.storage && view.storedRows == [11, 19, 4])
        #expect(view.features == Self.rows([11, 19, 4], of: dataset.features))
        #expect(view.labels == [2, 1, 1])
        // An unselected, unstandardized dataset of scalars shares its
        // elements; a view's features are a new matrix.
        dataset.features.withUnsafeScalars { all in
            dataset.features.withUnsafeScalars { again in
                #expect(again.baseAddress == all.baseAddress)
            }
            view.features.withUnsafeScalars { copied in
                #expect(copied.baseAddress != all.baseAddress)
            }
        }
    }

    @Test(
        "fitting to a dataset streams it and equals fitting to its features, bit for bit",
        arguments: [0, 1, 1023, 1024, 2500])
    func streamingStandardization(n: Int) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (bytes, _) = Self.images(n, as: Scalar.self)
            var generator = Xoshiro256StarStar(seed: 7)
            let view = bytes.shuffled(using: &generator)
            #expect(Standardization(fittedTo: view) == Standardization(fittedTo: view.features))
            let standardized = view.standardized(with: Standardization(fittedTo: view))
            #expect(
                Standardization(fittedTo: standardized)
                    == Standardization(fittedTo: standardized.features))
            let scalars = Dataset<Scalar>.blobs(
                count: n, centers: [[1e4, -3, 0.5]], standardDeviation: 2, using: &generator)
            #expect(
                Standardization(fittedTo: scalars) == Standardization(fittedTo: scalars.features))
        }
    }

    @Test("standardizing twice composes: the same as applying both in turn, up to rounding")
    func composedStandardization() {
        let features = Matrix<Double>([[1, 200], [3, 180], [8, 260], [4, 210]])
        var dataset = try! Dataset(features: features, labels: [0, 1, 0, 1])
        let first = Standardization(fittedTo: features)
        let second = Standardization(means: [0.5, -1], standardDeviations: [2, 0.25])
        dataset.standardize(with: first)
        #expect(dataset.storage.values.isScalars)
        #expect(dataset.features == first.applied(to: features))  // exact for one
        dataset.standardize(with: second)
        let inTurn = second.applied(to: first.applied(to: features))
        #expect(dataset.features.maximumAbsoluteDifference(inTurn) < 1e-14)
    }

    @Test("an epoch's current order is a view of the original, permuted, in reused index arrays")
    func shufflerView() {
        let (dataset, _) = Self.images(64, as: Float.self)
        var shuffler = EpochShuffler(dataset.standardized(with: Standardization(fittedTo: dataset)))
        var generator = Xoshiro256StarStar(seed: 1)
        shuffler.shuffle(using: &generator)
        func address(_ rows: [Int]?) -> UnsafeRawPointer? {
            rows?.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        let before = address(shuffler.current.storedRows)
        for _ in 0..<3 {
            shuffler.shuffle(using: &generator)
            let current = shuffler.current
            #expect(current.storage === dataset.storage)
            #expect(current.storedRows == shuffler.permutation)
            #expect(
                current.features == Self.rows(shuffler.permutation, of: shuffler.original.features))
            #expect(current == shuffler.original.subset(shuffler.permutation))
        }
        #expect(address(shuffler.current.storedRows) == before)
    }

    @Test("a batch of a view is its rows, gathered")
    func batchesOfView() {
        let (dataset, _) = Self.images(37, as: Double.self)
        var generator = Xoshiro256StarStar(seed: 2)
        let view = dataset.shuffled(using: &generator)
        let features = view.features
        for (index, batch) in view.batches(size: 10).enumerated() {
            let range = index * 10..<min(index * 10 + 10, 37)
            #expect(Matrix(batch.features) == Self.rows(Array(range), of: features))
            #expect(Array(batch.labels) == Array(view.labels[range]))
        }
    }

    @Test("datasets are equal when they read the same, however they are stored")
    func equality() throws {
        let (bytes, images) = Self.images(6, as: Float.self)
        let scalars = try Dataset<Float>(
            features: images.features(), labels: bytes.labels, classCount: 5)
        #expect(bytes == scalars)
        #expect(bytes.subset([2, 3]) == scalars.subset([2, 3]))
        #expect(bytes.subset([2, 3]) != scalars.subset([3, 2]))
        var changed = images.features(as: Float.self)
        changed[5, 11] += 1e-3
        #expect(bytes != (try Dataset(features: changed, labels: bytes.labels, classCount: 5)))
    }

    @Test("gathering a sample out of range stops, naming it")
    func gatherOutOfRange() async {
        let result = await #expect(
            processExitsWith: .failure, observing: [\.standardErrorContent]
        ) {
            let dataset = DatasetTests.indexed(4)
            var row = [0.0, 0.0]  // room for both rows
            row.withUnsafeMutableBufferPointer {
                dataset.subset([1, 2]).gatherFeatures(at: [0, 2], into: $0.baseAddress!)
            }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Dataset: sample 2 out of range for 2 samples"))
    }
}

extension FeatureStorage.Values {
    /// Whether the values are scalars (not bytes).
    var isScalars: Bool {
        if case .scalars = self { return true }
        return false
    }
}
