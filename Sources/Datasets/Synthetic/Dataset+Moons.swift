import Tensor
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension Dataset {
    /// Two interleaving half circles, scikit-learn's `make_moons`.
    ///
    /// Class 0 (`count / 2` samples, rounded down) lies on the upper half
    /// circle `(cos t, sin t)`, class 1 (the rest) on the lower one
    /// `(1 - cos t, 1 - sin t - 0.5)`, with `t` evenly spaced over `[0, pi]`
    /// (both ends included) in each; then Gaussian noise of standard
    /// deviation `noise` is added to every coordinate and the samples are
    /// shuffled. Features are `count x 2`.
    ///
    /// Reference: scikit-learn, `sklearn.datasets.make_moons`.
    public static func moons(
        count: Int, noise: Double = 0, using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(count >= 0 && noise >= 0, "Dataset.moons: negative count or noise")
        let outerCount = count / 2
        var points = SyntheticPoints(dimensions: 2, capacity: count)
        for t in evenlySpaced(from: 0, to: .pi, count: outerCount) {
            points.append([cos(t), sin(t)], label: 0)
        }
        for t in evenlySpaced(from: 0, to: .pi, count: count - outerCount) {
            points.append([1 - cos(t), 1 - sin(t) - 0.5], label: 1)
        }
        return points.dataset(classCount: 2, noise: noise, using: &generator)
    }
}
