import Tensor
extension Dataset {
    /// Isotropic Gaussian blobs around given centers, one class per center,
    /// as scikit-learn's `make_blobs`.
    ///
    /// The `count` samples are shared among the centers as evenly as
    /// possible (the first `count % k` get one more); each sample is its
    /// center plus Gaussian noise of standard deviation `standardDeviation`
    /// per coordinate; the samples are shuffled. Features are
    /// `count x centers[0].count`.
    ///
    /// Stops unless there is at least one center and all have the same
    /// dimension.
    public static func blobs(
        count: Int, centers: [[Double]], standardDeviation: Double = 1,
        using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(
            count >= 0 && standardDeviation >= 0, "Dataset.blobs: negative count or deviation")
        require(!centers.isEmpty, "Dataset.blobs: needs at least one center")
        let dimensions = centers[0].count
        require(
            centers.allSatisfy { $0.count == dimensions },
            "Dataset.blobs: the centers must all have \(dimensions) coordinates")
        var points = SyntheticPoints(dimensions: dimensions, capacity: count)
        for (label, size) in balancedCounts(total: count, classes: centers.count).enumerated() {
            for _ in 0..<size { points.append(centers[label], label: label) }
        }
        return points.dataset(
            classCount: centers.count, noise: standardDeviation, using: &generator)
    }

    /// Gaussian blobs around `centerCount` centers drawn uniformly from the
    /// box `centerBox` in each of `dimensions` coordinates (scikit-learn's
    /// defaults: `-10...10`, standard deviation 1), then as
    /// ``blobs(count:centers:standardDeviation:using:)``. The centers are
    /// drawn first, from the same generator.
    public static func blobs(
        count: Int, centerCount: Int = 3, dimensions: Int = 2, standardDeviation: Double = 1,
        centerBox: ClosedRange<Double> = -10...10,
        using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(centerCount >= 1, "Dataset.blobs: needs at least one center")
        require(dimensions >= 1, "Dataset.blobs: needs at least one dimension")
        let centers = (0..<centerCount).map { _ in
            (0..<dimensions).map { _ in Double.random(in: centerBox, using: &generator) }
        }
        return blobs(
            count: count, centers: centers, standardDeviation: standardDeviation,
            using: &generator)
    }
}
