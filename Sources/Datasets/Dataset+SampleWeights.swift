import Tensor

extension Dataset {
    /// Each sample's weight `w_i` in sample order, or nil when every sample
    /// weighs 1. A trainer's loss is `sum_i w_i l_i / sum_i w_i` over each
    /// batch, as scikit-learn's `sample_weight` and PyTorch's weighted
    /// losses define it.
    @inlinable public var sampleWeights: [Scalar]? { weightStorage }

    /// The dataset with `weights` as its sample weights (nil removes them).
    ///
    /// - Throws: ``DatasetError/invalidSampleWeight(sample:weight:)`` for a
    ///   negative or non-finite weight, or weights that sum to zero.
    ///
    /// Stops (a programmer error) when there is not one weight per sample.
    @inlinable
    public func withSampleWeights(_ weights: [Scalar]?) throws(DatasetError) -> Dataset {
        try Self.checkSampleWeights(weights, count: count)
        var result = self
        result.weightStorage = weights
        return result
    }

    /// Writes the weights of the samples at `positions` into `output` (1
    /// for each when the data is unweighted).
    @inlinable
    public func gatherSampleWeights(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Scalar>
    ) {
        guard let weightStorage else {
            for (row, position) in positions.enumerated() {
                checkPosition(position)
                output[row] = 1
            }
            return
        }
        weightStorage.withUnsafeBufferPointer { weights in
            for (row, position) in positions.enumerated() {
                checkPosition(position)
                output[row] = weights[position]
            }
        }
    }

    /// Throws unless every weight is finite and non-negative and they do
    /// not all vanish; stops when there is not one weight per sample.
    @inlinable
    static func checkSampleWeights(_ weights: [Scalar]?, count: Int) throws(DatasetError) {
        guard let weights else { return }
        require(
            weights.count == count, "Dataset: \(weights.count) sample weights for \(count) samples")
        if let sample = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw .invalidSampleWeight(sample: sample, weight: Double(weights[sample]))
        }
        if count > 0 && !weights.contains(where: { $0 > 0 }) {
            throw .invalidSampleWeight(sample: nil, weight: 0)
        }
    }
}
