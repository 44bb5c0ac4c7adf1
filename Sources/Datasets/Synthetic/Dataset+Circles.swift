import Tensor
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension Dataset {
    /// A large circle containing a smaller one, scikit-learn's
    /// `make_circles`.
    ///
    /// Class 0 (`count / 2` samples, rounded down) lies on the unit circle,
    /// class 1 (the rest) on the circle of radius `factor`, each at angles
    /// evenly spaced over `[0, 2 pi)`; then Gaussian noise of standard
    /// deviation `noise` is added to every coordinate and the samples are
    /// shuffled. Features are `count x 2`.
    ///
    /// Stops unless `0 <= factor < 1`.
    ///
    /// Reference: scikit-learn, `sklearn.datasets.make_circles`.
    public static func circles(
        count: Int, noise: Double = 0, factor: Double = 0.8,
        using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(count >= 0 && noise >= 0, "Dataset.circles: negative count or noise")
        require(
            0 <= factor && factor < 1, "Dataset.circles: factor \(factor) is outside 0..<1")
        let outerCount = count / 2
        var points = SyntheticPoints(dimensions: 2, capacity: count)
        for t in evenlySpaced(from: 0, to: 2 * .pi, count: outerCount, endpoint: false) {
            points.append([cos(t), sin(t)], label: 0)
        }
        for t in evenlySpaced(from: 0, to: 2 * .pi, count: count - outerCount, endpoint: false) {
            points.append([factor * cos(t), factor * sin(t)], label: 1)
        }
        return points.dataset(classCount: 2, noise: noise, using: &generator)
    }
}
