import Tensor

/// A dataset of `n` samples of `d` features, each with either a class label
/// (classification) or `k` real-valued targets (regression,
/// ``init(features:targets:targetNames:sampleWeights:)``), and optionally a
/// weight.
///
/// ```swift
/// var generator = Xoshiro256StarStar(seed: 42)
/// let moons = Dataset<Float>.moons(count: 1000, noise: 0.1, using: &generator)
/// var (training, validation) = moons.split(validationFraction: 0.2, using: &generator)
/// let standardization = Standardization(fittedTo: training)
/// training.standardize(with: standardization)
/// validation.standardize(with: standardization)
/// for batch in training.batches(size: 32) {
///     // batch.features: 32x2 MatrixSlice<Float>, batch.labels: ArraySlice<Int>
/// }
/// ```
///
/// The data is held once, however many datasets are made from it. A
/// dataset is a view of a shared, immutable feature storage (`n_s x d`
/// scalars, or IDX pixels kept as bytes) through
///
/// - a selection of stored rows: sample `i` is stored row `r_i`, so that
///   ``subset(_:)``, ``split(validationFraction:stratified:using:)``,
///   ``shuffled(using:)`` and an ``EpochShuffler`` copy row indices and
///   labels, never features;
/// - a transform applied while reading, sample `i`'s feature `j` being
///
///   ```
///   x_ij = (decode(stored_{r_i, j}) - c_j) / s_j
///   ```
///
///   where `decode` is the storage's exact conversion (identity for
///   scalars, `b / 255` for bytes) and `(c, s)` the standardization given
///   to ``standardize(with:)`` (none: `c = 0`, `s = 1`).
///
/// ``gatherFeatures(at:into:)`` reads any rows, converted and standardized,
/// into a caller's buffer in one pass: how a trainer builds its batches.
/// ``features`` materializes the whole matrix, a copy for a view or
/// compact dataset. The initializer checks the data: every feature finite,
/// every label in `0..<classCount`.
///
/// Labels, targets and weights are per sample and small (`n`, `n x k`, `n`
/// values against `n x d` features), so views carry their own copies in
/// sample order; a standardization of the targets
/// (``standardizeTargets(with:)``) is applied while reading, as for the
/// features.
public struct Dataset<Scalar: BLASScalar>: Sendable {
    /// The class of each sample, in `0..<classCount`; `labels[i]` belongs to
    /// row `i` of ``features``. Empty for a regression dataset.
    @inlinable public var labels: [Int] { labelStorage }
    /// The number of classes `k`; labels lie in `0..<k`. Some classes may
    /// have no sample. Zero for a regression dataset.
    public let classCount: Int
    /// The number of real-valued targets per sample (outputs of a
    /// regression); zero for a classification dataset.
    public let targetCount: Int
    /// A name for each target (`targetCount` of them), if known: e.g. the
    /// column names of a CSV file.
    public let targetNames: [String]?
    /// A name for each class (`classCount` of them), if known: e.g.
    /// Fashion-MNIST's `"T-shirt/top"`, or the label strings of a CSV file.
    public let classNames: [String]?

    /// The stored values, shared by every view of the same data (a `var`
    /// only so that ``select(_:of:)`` can point a reused view at them).
    @usableFromInline var storage: FeatureStorage<Scalar>
    /// The stored row of each sample, or nil when sample `i` is stored row
    /// `i` for every stored row. Mutable, with the labels, so that an
    /// ``EpochShuffler`` reorders in place.
    @usableFromInline var storedRows: [Int]?
    /// The standardization applied while reading, or nil for none.
    @usableFromInline var standardization: Standardization<Scalar>?
    @usableFromInline var labelStorage: [Int]
    /// Each sample's targets, `count x targetCount` row-major, in sample
    /// order, unstandardized.
    @usableFromInline var targetStorage: [Scalar]
    /// The standardization applied to the targets while reading, or nil.
    @usableFromInline var targetTransform: Standardization<Scalar>?
    /// Each sample's weight, in sample order, or nil for unweighted data.
    @usableFromInline var weightStorage: [Scalar]?

    /// A dataset from its features and labels, checked.
    ///
    /// - Parameters:
    ///   - features: `n x d` inputs, one sample per row.
    ///   - labels: `n` class indices.
    ///   - classCount: the number of classes; `nil` means `max(labels) + 1`
    ///     (or `classNames.count` when names are given).
    ///   - classNames: one name per class, or `nil`.
    ///   - sampleWeights: one non-negative, finite weight per sample, or
    ///     `nil` for weight 1 each; the loss becomes
    ///     `sum_i w_i l_i / sum_i w_i`.
    /// - Throws: ``DatasetError/nonFiniteFeature(sample:feature:)`` for NaN
    ///   or infinite inputs, ``DatasetError/labelOutOfRange(label:classCount:location:)``
    ///   for labels outside `0..<classCount`,
    ///   ``DatasetError/invalidSampleWeight(sample:weight:)`` for a negative
    ///   or non-finite weight.
    ///
    /// Stops (a programmer error) when `labels.count != features.rows` or
    /// when the number of names is not the number of classes.
    @inlinable
    public init(
        features: Matrix<Scalar>, labels: [Int], classCount: Int? = nil,
        classNames: [String]? = nil, sampleWeights: [Scalar]? = nil
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
        try Self.checkSampleWeights(sampleWeights, count: labels.count)
        self.init(
            uncheckedFeatures: features, labels: labels, classCount: classCount,
            classNames: classNames)
        weightStorage = sampleWeights
    }

    /// A dataset whose values are known to be valid (finite features, labels
    /// in range); the shapes are still checked. Shares `features`' elements.
    @inlinable
    init(
        uncheckedFeatures features: Matrix<Scalar>, labels: [Int], classCount: Int,
        classNames: [String]?
    ) {
        self.init(
            uncheckedStorage: FeatureStorage(
                rows: features.rows, columns: features.columns,
                values: .scalars(features.elements)),
            labels: labels, classCount: classCount, classNames: classNames)
    }

    /// A dataset of every row of `storage`, in order, untransformed, whose
    /// values and labels are known to be valid; the shapes are still
    /// checked.
    @inlinable
    init(
        uncheckedStorage storage: FeatureStorage<Scalar>, labels: [Int], classCount: Int,
        classNames: [String]?
    ) {
        require(
            labels.count == storage.rows,
            "Dataset: \(storage.rows)x\(storage.columns) features but \(labels.count) labels")
        require(classCount >= 0, "Dataset: negative class count \(classCount)")
        if let classNames {
            require(
                classNames.count == classCount,
                "Dataset: \(classCount) classes but \(classNames.count) class names")
        }
        self.init(
            uncheckedStorage: storage, labels: labels, classCount: classCount,
            classNames: classNames, targets: [], targetCount: 0, targetNames: nil)
    }

    /// A dataset of every row of `storage`, in order, with labels (a
    /// classification set: `targetCount == 0`) or targets (a regression
    /// set: `labels` empty, `classCount == 0`), whose values are known to be
    /// valid.
    @inlinable
    init(
        uncheckedStorage storage: FeatureStorage<Scalar>, labels: [Int], classCount: Int,
        classNames: [String]?, targets: [Scalar], targetCount: Int, targetNames: [String]?
    ) {
        require(
            targets.count == storage.rows * targetCount,
            "Dataset: \(storage.rows) samples but \(targets.count) target values for \(targetCount) targets"
        )
        if let targetNames {
            require(
                targetNames.count == targetCount,
                "Dataset: \(targetCount) targets but \(targetNames.count) target names")
        }
        self.storage = storage
        self.storedRows = nil
        self.standardization = nil
        self.labelStorage = labels
        self.classCount = classCount
        self.classNames = classNames
        self.targetStorage = targets
        self.targetTransform = nil
        self.weightStorage = nil
        self.targetCount = targetCount
        self.targetNames = targetNames
    }

    /// The number of samples `n`.
    @inlinable public var count: Int { storedRows?.count ?? storage.rows }

    /// Whether the samples have real-valued targets (``targetCount`` > 0)
    /// rather than class labels.
    @inlinable public var isRegression: Bool { targetCount > 0 }

    /// The number of features `d` per sample.
    @inlinable public var featureCount: Int { storage.columns }

    /// The `count x featureCount` inputs, one sample per row, as the
    /// transform above reads them.
    ///
    /// For a dataset read from scalars, in stored order and not
    /// standardized, this shares the stored elements. Otherwise (a subset,
    /// split or shuffled view, a standardized dataset, IDX images held as
    /// bytes) it is a new matrix of every sample: meant for small data, tests
    /// and one-off uses. Code that walks a large dataset reads it in pieces
    /// with ``gatherFeatures(at:into:)`` instead.
    @inlinable
    public var features: Matrix<Scalar> {
        if let elements = sharedElements {
            return Matrix(rows: count, columns: featureCount, elements: elements)
        }
        let (rows, width) = (count, featureCount)
        let elements = [Scalar](unsafeUninitializedCapacity: rows * width) {
            buffer, initialized in
            if let base = buffer.baseAddress { gatherFeatures(at: 0..<rows, into: base) }
            initialized = rows * width
        }
        return Matrix(rows: rows, columns: width, elements: elements)
    }

    /// The stored scalars when they are exactly ``features`` (every row, in
    /// order, untransformed), else nil.
    @inlinable
    var sharedElements: [Scalar]? {
        guard storedRows == nil, standardization == nil,
            case .scalars(let elements) = storage.values
        else { return nil }
        return elements
    }

    /// The number of samples in each class: element `c` counts label `c`.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }
}
