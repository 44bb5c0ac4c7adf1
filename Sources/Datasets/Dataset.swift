import Tensor

/// A labelled classification dataset: `n` samples of `d` features and a
/// class label for each.
///
/// ```swift
/// var generator = Xoshiro256StarStar(seed: 42)
/// let moons = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
/// var (training, validation) = moons.split(validationFraction: 0.2, using: &generator)
/// let standardization = Standardization(fittedTo: training.features)
/// training.standardize(with: standardization)
/// validation.standardize(with: standardization)
/// for batch in training.batches(size: 32) {
///     // batch.features: 32x2 MatrixSlice<Float>, batch.labels: ArraySlice<Int>
/// }
/// ```
///
/// The features are one row-major ``Matrix`` (`n x d`, sample `i` in row
/// `i`), so a mini-batch is a row range that BLAS reads in place. The
/// initializer checks the data: every feature finite, every label in
/// `0..<classCount`.
public struct Dataset<Scalar: BLASScalar>: Sendable {
    /// The `count x featureCount` inputs, one sample per row.
    @inlinable public var features: Matrix<Scalar> { featureStorage }
    /// The class of each sample, in `0..<classCount`; `labels[i]` belongs to
    /// row `i` of ``features``.
    @inlinable public var labels: [Int] { labelStorage }
    /// The number of classes `k`; labels lie in `0..<k`. Some classes may
    /// have no sample.
    public let classCount: Int
    /// A name for each class (`classCount` of them), if known: e.g.
    /// Fashion-MNIST's `"T-shirt/top"`, or the label strings of a CSV file.
    public let classNames: [String]?

    // Stored apart from the read-only accessors so that inlinable code in
    // this module (gathering, standardizing) can write them in place.
    @usableFromInline var featureStorage: Matrix<Scalar>
    @usableFromInline var labelStorage: [Int]

    /// A dataset from its features and labels, checked.
    ///
    /// - Parameters:
    ///   - features: `n x d` inputs, one sample per row.
    ///   - labels: `n` class indices.
    ///   - classCount: the number of classes; `nil` means `max(labels) + 1`
    ///     (or `classNames.count` when names are given).
    ///   - classNames: one name per class, or `nil`.
    /// - Throws: ``DatasetError/nonFiniteFeature(sample:feature:)`` for NaN
    ///   or infinite inputs, ``DatasetError/labelOutOfRange(label:classCount:location:)``
    ///   for labels outside `0..<classCount`.
    ///
    /// Stops (a programmer error) when `labels.count != features.rows` or
    /// when the number of names is not the number of classes.
    @inlinable
    public init(
        features: Matrix<Scalar>, labels: [Int], classCount: Int? = nil,
        classNames: [String]? = nil
    ) throws(DatasetError) {
        let classCount = classCount ?? classNames?.count ?? ((labels.max() ?? -1) + 1)
        let firstNonFinite = features.withUnsafeScalars { $0.firstIndex { !$0.isFinite } }
        if let index = firstNonFinite {
            throw .nonFiniteFeature(
                sample: index / features.columns, feature: index % features.columns)
        }
        if let sample = labels.firstIndex(where: { !(0..<classCount).contains($0) }) {
            throw .labelOutOfRange(
                label: labels[sample], classCount: classCount, location: .sample(sample))
        }
        self.init(
            uncheckedFeatures: features, labels: labels, classCount: classCount,
            classNames: classNames)
    }

    /// A dataset whose values are known to be valid (finite features, labels
    /// in range); the shapes are still checked.
    @inlinable
    init(
        uncheckedFeatures features: Matrix<Scalar>, labels: [Int], classCount: Int,
        classNames: [String]?
    ) {
        precondition(
            labels.count == features.rows,
            "Dataset: \(features.rows)x\(features.columns) features but \(labels.count) labels")
        precondition(classCount >= 0, "Dataset: negative class count \(classCount)")
        if let classNames {
            precondition(
                classNames.count == classCount,
                "Dataset: \(classCount) classes but \(classNames.count) class names")
        }
        self.featureStorage = features
        self.labelStorage = labels
        self.classCount = classCount
        self.classNames = classNames
    }

    /// The number of samples `n`.
    @inlinable public var count: Int { features.rows }

    /// The number of features `d` per sample.
    @inlinable public var featureCount: Int { features.columns }

    /// The number of samples in each class: element `c` counts label `c`.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

}

extension Dataset: Equatable {}
