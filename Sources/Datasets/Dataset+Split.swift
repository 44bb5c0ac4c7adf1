import Tensor

extension Dataset {
    /// Splits the samples at random into a training and a validation set.
    ///
    /// The validation set gets `ceil(validationFraction * count)` samples
    /// (scikit-learn's `train_test_split` rounds the same way), the
    /// training set the rest; every sample lands in exactly one of them, and
    /// both keep the random order of the permutation drawn from `generator`.
    /// Both are views (``subset(_:)``): they share this dataset's feature
    /// storage and standardization, and copy only row indices and labels.
    ///
    /// With `stratified`, each class contributes to the validation set in
    /// proportion to its size: class `c` with `n_c` samples gets
    /// `v * n_c / n` of the `v` validation samples, rounded by largest
    /// remainder so the total stays `v` (ties go to the smaller class index).
    ///
    /// Stops unless `validationFraction` is in `0...1`.
    @inlinable
    public func split(
        validationFraction: Double, stratified: Bool = false,
        using generator: inout some RandomNumberGenerator
    ) -> (training: Dataset, validation: Dataset) {
        require(
            (0...1).contains(validationFraction),
            "Dataset.split: validationFraction \(validationFraction) is outside 0...1")
        let validationCount = min(count, Int((validationFraction * Double(count)).rounded(.up)))
        let order = [Int](randomPermutationOf: count, using: &generator)

        guard stratified, !isRegression else {
            return (subset(order[validationCount...]), subset(order[..<validationCount]))
        }
        var wanted = stratifiedQuotas(total: validationCount)
        var training = [Int]()
        var validation = [Int]()
        training.reserveCapacity(count - validationCount)
        validation.reserveCapacity(validationCount)
        for index in order {
            let label = labels[index]
            if wanted[label] > 0 {
                wanted[label] -= 1
                validation.append(index)
            } else {
                training.append(index)
            }
        }
        return (subset(training), subset(validation))
    }

    /// How many samples of each class a stratified subset of `total` samples
    /// holds: proportional quotas `total * n_c / n`, floored, then the
    /// remaining samples to the largest remainders.
    @usableFromInline
    func stratifiedQuotas(total: Int) -> [Int] {
        let counts = classCounts
        guard count > 0 else { return counts }
        var quotas = counts.map { $0 * total / count }
        let remainders = counts.indices.map { ($0, counts[$0] * total % count) }
        let missing = total - quotas.reduce(0, +)
        let byRemainder = remainders.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (label, _) in byRemainder.prefix(missing) { quotas[label] += 1 }
        return quotas
    }
}
