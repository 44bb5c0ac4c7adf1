import Tensor
extension Dataset {
    /// The XOR problem as four Gaussian clusters: centers `(1, 1)` and
    /// `(-1, -1)` are class 0, `(-1, 1)` and `(1, -1)` class 1, so the class
    /// is "the signs differ" and no line separates the classes.
    ///
    /// The `count` samples are shared among the clusters as evenly as
    /// possible (in the order listed), each center gets Gaussian noise of
    /// standard deviation `noise` per coordinate, and the samples are
    /// shuffled. Features are `count x 2`; the classes are balanced to
    /// within one sample.
    public static func xor(
        count: Int, noise: Double = 0.2, using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(count >= 0 && noise >= 0, "Dataset.xor: negative count or noise")
        let clusters: [(center: [Double], label: Int)] = [
            ([1, 1], 0), ([-1, 1], 1), ([-1, -1], 0), ([1, -1], 1),
        ]
        var points = SyntheticPoints(dimensions: 2, capacity: count)
        for (cluster, size) in zip(clusters, balancedCounts(total: count, classes: 4)) {
            for _ in 0..<size { points.append(cluster.center, label: cluster.label) }
        }
        return points.dataset(classCount: 2, noise: noise, using: &generator)
    }
}
