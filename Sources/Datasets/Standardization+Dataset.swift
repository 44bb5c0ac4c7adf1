import Tensor

extension Standardization {
    /// The statistics of `dataset`'s features (as ``Dataset/features``
    /// reads them), equal to `Standardization(fittedTo: dataset.features)`
    /// bit for bit, without materializing them: each of the two passes
    /// gathers the samples in order, `blockRows` at a time, into one
    /// small buffer. Fitting on 60,000 IDX images thus needs a few
    /// megabytes, not a second copy of the set.
    @inlinable
    public init(fittedTo dataset: Dataset<Scalar>) {
        let (n, d) = (dataset.count, dataset.featureCount)
        if let elements = dataset.sharedElements {
            self.init(fittedTo: Matrix(rows: n, columns: d, elements: elements))
            return
        }
        var block = [Scalar](repeating: 0, count: Swift.min(n, Self.blockRows) * d)
        self.init(sampleCount: n, featureCount: d) { visit in
            block.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for start in stride(from: 0, to: n, by: Self.blockRows) {
                    let rows = start..<Swift.min(start + Self.blockRows, n)
                    dataset.gatherFeatures(at: rows, into: base)
                    visit(UnsafeBufferPointer(start: base, count: rows.count * d))
                }
            }
        }
    }

    /// The number of samples gathered at a time when fitting to a dataset:
    /// 1,024 rows of 784 Float features are 3 MB.
    @inlinable static var blockRows: Int { 1024 }

    /// This standardization followed by `next`, as one standardization:
    /// with `(c, s)` this one's means and deviations and `(m, t)` `next`'s,
    ///
    /// ```
    /// ((x - c) / s - m) / t = (x - (c + m * s)) / (s * t)
    /// ```
    ///
    /// so the result has means `c_j + m_j * s_j` and deviations
    /// `s_j * t_j`; it equals applying the two in turn up to rounding.
    /// Stops when the feature counts differ.
    @inlinable
    func followed(by next: Standardization) -> Standardization {
        require(
            next.featureCount == featureCount,
            "Standardization: \(featureCount) features followed by \(next.featureCount)")
        let j = means.indices
        return Standardization(
            means: j.map { means[$0] + next.means[$0] * standardDeviations[$0] },
            standardDeviations: j.map { standardDeviations[$0] * next.standardDeviations[$0] })
    }
}

extension Dataset {
    /// Standardizes the features with statistics fitted elsewhere (on the
    /// training set): from now on feature `j` reads as
    /// `(x_j - mean_j) / std_j`, `x_j` being what it read before.
    ///
    /// No feature is touched: the transform is kept with the dataset and
    /// applied while reading (``features``, ``gatherFeatures(at:into:)``),
    /// so this costs `O(d)` and leaves the shared storage alone. A first
    /// standardization reads exactly as applying it to ``features`` would; a
    /// second one is composed with it (`Standardization.followed(by:)`),
    /// equal to applying both in turn up to rounding. Views made afterwards
    /// (``subset(_:)``, ``split(validationFraction:stratified:using:)``)
    /// keep it.
    ///
    /// Stops when the feature counts differ.
    @inlinable
    public mutating func standardize(with standardization: Standardization<Scalar>) {
        require(
            standardization.featureCount == featureCount,
            "Standardization: fitted to \(standardization.featureCount) features, applied to a dataset of \(featureCount)"
        )
        self.standardization =
            self.standardization?.followed(by: standardization)
            ?? standardization
    }

    /// This dataset standardized (see ``standardize(with:)``): a view that
    /// shares the features' storage.
    @inlinable
    public func standardized(with standardization: Standardization<Scalar>) -> Dataset {
        var result = self
        result.standardize(with: standardization)
        return result
    }
}
