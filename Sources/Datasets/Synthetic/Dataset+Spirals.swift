import Tensor
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension Dataset {
    /// `arms` interleaved spiral arms, one class each (the classic
    /// two-spirals benchmark of Lang and Witbrock, 1988, generalized as in
    /// CS231n's spiral example).
    ///
    /// Arm `j` holds `m` samples (shared as evenly as possible); its sample
    /// `i` has radius `r = (i + 1) / m` and angle
    /// `2 pi j / arms + 2 pi turns r`, so every arm starts near the origin
    /// and winds `turns` times around it to radius 1, rotated against its
    /// neighbours by `2 pi / arms`. The point is `r (cos angle, sin angle)`
    /// plus Gaussian noise of standard deviation `noise` per coordinate;
    /// the samples are shuffled. Features are `count x 2`.
    public static func spirals(
        count: Int, arms: Int = 2, turns: Double = 1, noise: Double = 0,
        using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(count >= 0 && noise >= 0, "Dataset.spirals: negative count or noise")
        require(arms >= 1, "Dataset.spirals: needs at least one arm, got \(arms)")
        var points = SyntheticPoints(dimensions: 2, capacity: count)
        for (arm, size) in balancedCounts(total: count, classes: arms).enumerated() {
            for i in 0..<size {
                let radius = Double(i + 1) / Double(size)
                let angle = 2 * .pi * (Double(arm) / Double(arms) + turns * radius)
                points.append([radius * cos(angle), radius * sin(angle)], label: arm)
            }
        }
        return points.dataset(classCount: arms, noise: noise, using: &generator)
    }
}
