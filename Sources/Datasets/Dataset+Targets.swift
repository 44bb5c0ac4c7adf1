import Tensor

extension Dataset {
    /// A regression dataset: `n` samples of `d` features, each with `k`
    /// real-valued targets, checked.
    ///
    /// ```swift
    /// let data = try Dataset<Double>(
    ///     features: Matrix(rows: 3, columns: 1, elements: [0, 1, 2]),
    ///     targets: Matrix(rows: 3, columns: 1, elements: [1, 3, 5]))
    /// ```
    ///
    /// - Parameters:
    ///   - features: `n x d` inputs, one sample per row.
    ///   - targets: `n x k` targets, one sample per row (`k >= 1`; several
    ///     columns make a multi-output regression).
    ///   - targetNames: one name per target column, or `nil`.
    ///   - sampleWeights: one non-negative, finite weight per sample, or
    ///     `nil` for weight 1 each.
    /// - Throws: ``DatasetError/nonFiniteFeature(sample:feature:)``,
    ///   ``DatasetError/nonFiniteTarget(sample:target:)`` or
    ///   ``DatasetError/invalidSampleWeight(sample:weight:)``.
    ///
    /// Stops (a programmer error) when the shapes disagree.
    @inlinable
    public init(
        features: Matrix<Scalar>, targets: Matrix<Scalar>, targetNames: [String]? = nil,
        sampleWeights: [Scalar]? = nil
    ) throws(DatasetError) {
        require(
            targets.rows == features.rows && targets.columns >= 1,
            "Dataset: \(features.rows) samples of features but \(targets.shapeDescription) targets")
        let nonFiniteFeature = features.withUnsafeScalars { $0.firstIndex { !$0.isFinite } }
        if let index = nonFiniteFeature {
            throw .nonFiniteFeature(
                sample: index / features.columns, feature: index % features.columns)
        }
        let nonFiniteTarget = targets.withUnsafeScalars { $0.firstIndex { !$0.isFinite } }
        if let index = nonFiniteTarget {
            throw .nonFiniteTarget(sample: index / targets.columns, target: index % targets.columns)
        }
        try Self.checkSampleWeights(sampleWeights, count: features.rows)
        self.init(
            uncheckedStorage: FeatureStorage(
                rows: features.rows, columns: features.columns, values: .scalars(features.elements)),
            labels: [], classCount: 0, classNames: nil, targets: targets.elements,
            targetCount: targets.columns, targetNames: targetNames)
        weightStorage = sampleWeights
    }

    /// The `count x targetCount` targets, one sample per row, standardized
    /// by ``targetStandardization`` when there is one (a new matrix); `0`
    /// columns for a classification dataset.
    @inlinable
    public var targetValues: Matrix<Scalar> {
        var result = Matrix<Scalar>(rows: count, columns: targetCount)
        result.withUnsafeMutableScalars { buffer in
            if let base = buffer.baseAddress { gatherTargetValues(at: 0..<count, into: base) }
        }
        return result
    }

    /// The standardization applied to the targets as they are read, if any:
    /// `t_ij = (y_ij - c_j) / s_j`, so a network learns unit-scale targets
    /// and `y = c + s t` maps its outputs back to the original units.
    @inlinable public var targetStandardization: Standardization<Scalar>? { targetTransform }

    /// Writes the targets of the samples at `positions`, standardized as
    /// ``targetValues`` reads them, into `output` (`positions.count x
    /// targetCount`, row-major): how a trainer builds a batch's targets
    /// without a copy of the data set.
    @inlinable
    public func gatherTargetValues(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Scalar>
    ) {
        let width = targetCount
        guard width > 0 else { return }
        targetStorage.withUnsafeBufferPointer { source in
            guard let transform = targetTransform else {
                for (row, position) in positions.enumerated() {
                    checkPosition(position)
                    (output + row * width).update(
                        from: source.baseAddress! + position * width, count: width)
                }
                return
            }
            for (row, position) in positions.enumerated() {
                checkPosition(position)
                for j in 0..<width {
                    output[row * width + j] =
                        (source[position * width + j] - transform.means[j])
                        / transform.standardDeviations[j]
                }
            }
        }
    }

    /// Applies `standardization` to the targets as they are read (after any
    /// standardization already applied), as ``standardize(with:)`` does to
    /// the features. Fit it to the training part only
    /// (``Standardization/init(fittedToTargetsOf:)``) and apply it to every
    /// part.
    ///
    /// Stops when it was fitted to another number of targets.
    @inlinable
    public mutating func standardizeTargets(with standardization: Standardization<Scalar>) {
        require(
            standardization.featureCount == targetCount,
            "Standardization: fitted to \(standardization.featureCount) targets, applied to a dataset of \(targetCount)"
        )
        targetTransform = targetTransform?.followed(by: standardization) ?? standardization
    }
}

extension Standardization {
    /// The per-target mean and standard deviation of `dataset`'s targets as
    /// it reads them (``Datasets/Dataset/targetValues``): for
    /// ``Datasets/Dataset/standardizeTargets(with:)``.
    @inlinable
    public init(fittedToTargetsOf dataset: Dataset<Scalar>) {
        self.init(fittedTo: dataset.targetValues)
    }
}
