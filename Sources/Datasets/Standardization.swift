import Tensor

/// Per-feature standardization `x' = (x - mean) / std`, fitted on training
/// data and applied unchanged to validation, test and new inputs.
///
/// `mean_j` and `std_j` are the mean and the population standard deviation
/// (divisor `n`, as scikit-learn's `StandardScaler`) of feature `j` over the
/// samples it was fitted to, so the fitted features end with mean 0 and
/// standard deviation 1. A feature with zero variance (constant in the
/// training data, up to rounding) gets `std_j = 1`, so it maps to 0 instead
/// of dividing by zero, as `StandardScaler` does.
///
/// The statistics are `Codable` so that a checkpoint can carry them: a
/// model trained on standardized inputs needs the same transform at
/// prediction time.
public struct Standardization<Scalar: BLASScalar>: Codable, Equatable, Sendable {
    /// The mean of each feature over the fitted samples.
    public let means: [Scalar]
    /// The divisor of each feature: its standard deviation, or 1 when that
    /// is zero.
    public let standardDeviations: [Scalar]

    /// Statistics given directly, e.g. restored from a checkpoint. Stops when
    /// the counts differ or a standard deviation is not positive and finite.
    @inlinable
    public init(means: [Scalar], standardDeviations: [Scalar]) {
        require(
            means.count == standardDeviations.count,
            "Standardization: \(means.count) means but \(standardDeviations.count) standard deviations"
        )
        require(
            standardDeviations.allSatisfy { $0 > 0 && $0.isFinite },
            "Standardization: standard deviations must be positive and finite")
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The statistics of `features` (`n x d`, one sample per row), one pair
    /// per column, by the corrected two-pass algorithm (Chan, Golub and
    /// LeVeque, "Algorithms for computing the sample variance", 1983):
    /// a first pass for the mean `m`, a second for the deviations `x - m`,
    /// whose sum corrects the rounding of `m`:
    ///
    /// ```
    /// mean     = m + sum(x - m) / n
    /// variance = (sum((x - m)^2) - sum(x - m)^2 / n) / n
    /// ```
    ///
    /// Sums run in `Double`, so Float data loses no accuracy, and a constant
    /// column comes out with its exact value as mean. A standard deviation
    /// below `n * eps * |mean|` (`eps` = `Double.ulpOfOne`), what rounding
    /// alone can produce, counts as zero. With no samples, every mean is 0
    /// and every divisor 1.
    @inlinable
    public init(fittedTo features: some RowMajorMatrix<Scalar>) {
        self.init(sampleCount: features.rows, featureCount: features.columns) { visit in
            features.withUnsafeScalars { visit($0) }
        }
    }

    /// The statistics of `n` samples of `d` features that `forEachBlock`
    /// hands, in order and in blocks of whole rows (`rows * d` scalars
    /// each), to the closure it is given; it is called twice, once per
    /// pass. The sums run sample by sample in the same order however the
    /// rows are blocked, so the result does not depend on the blocking.
    @inlinable
    init(
        sampleCount n: Int, featureCount d: Int,
        forEachBlock: ((UnsafeBufferPointer<Scalar>) -> Void) -> Void
    ) {
        var means = [Double](repeating: 0, count: d)
        var deviations = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        if d > 0 {
            forEachBlock { x in
                for i in 0..<x.count / d {
                    for j in 0..<d { means[j] += Double(x[i * d + j]) }
                }
            }
            if n > 0 { for j in 0..<d { means[j] /= Double(n) } }
            forEachBlock { x in
                for i in 0..<x.count / d {
                    for j in 0..<d {
                        let deviation = Double(x[i * d + j]) - means[j]
                        deviations[j] += deviation
                        squares[j] += deviation * deviation
                    }
                }
            }
        }
        var standardDeviations = [Scalar](repeating: 1, count: d)
        if n > 0 {
            let count = Double(n)
            for j in 0..<d {
                let variance = Swift.max(
                    0, (squares[j] - deviations[j] * deviations[j] / count) / count)
                means[j] += deviations[j] / count
                let deviation = variance.squareRoot()
                let roundingLevel = count * Double.ulpOfOne * Swift.abs(means[j])
                if deviation > roundingLevel && Scalar(deviation) > 0 {
                    standardDeviations[j] = Scalar(deviation)
                }
            }
        }
        self.init(means: means.map { Scalar($0) }, standardDeviations: standardDeviations)
    }

    /// The number of features `d`.
    @inlinable public var featureCount: Int { means.count }

    /// Standardizes `features` in place: `x_ij = (x_ij - mean_j) / std_j`.
    /// Stops when the column count is not ``featureCount``.
    @inlinable
    public func apply<Features: MutableRowMajorMatrix<Scalar>>(to features: inout Features) {
        let (n, d) = (features.rows, features.columns)
        require(
            d == featureCount,
            "Standardization: fitted to \(featureCount) features, applied to a \(n)x\(d) matrix"
        )
        means.withUnsafeBufferPointer { means in
            standardDeviations.withUnsafeBufferPointer { deviations in
                features.withUnsafeMutableScalars { x in
                    for i in 0..<n {
                        for j in 0..<d { x[i * d + j] = (x[i * d + j] - means[j]) / deviations[j] }
                    }
                }
            }
        }
    }

    /// A standardized copy of `features`.
    @inlinable
    public func applied(to features: Matrix<Scalar>) -> Matrix<Scalar> {
        var result = features
        apply(to: &result)
        return result
    }

    /// Undoes the transform in place: `x_ij = x_ij * std_j + mean_j`.
    @inlinable
    public func invert<Features: MutableRowMajorMatrix<Scalar>>(_ features: inout Features) {
        let (n, d) = (features.rows, features.columns)
        require(
            d == featureCount,
            "Standardization: fitted to \(featureCount) features, inverted on a \(n)x\(d) matrix"
        )
        features.withUnsafeMutableScalars { x in
            for i in 0..<n {
                for j in 0..<d { x[i * d + j] = x[i * d + j] * standardDeviations[j] + means[j] }
            }
        }
    }
}
