import Tensor

extension Dataset {
    /// Writes the features of the samples at `positions` (each in
    /// `0..<count`) into consecutive rows of `output`, `positions.count x
    /// featureCount` scalars, exactly as ``features`` holds them (converted
    /// and standardized). How a trainer builds a shuffled mini-batch in the
    /// step's own input buffer: one pass, no copy of the data set, and no
    /// allocation.
    ///
    /// Stops when a position is out of range.
    @inlinable
    public func gatherFeatures(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Scalar>
    ) {
        let width = featureCount
        featureStorage.withUnsafeScalars { input in
            guard let source = input.baseAddress else { return }
            for (row, position) in positions.enumerated() {
                precondition(
                    position >= 0 && position < count,
                    "Dataset: sample \(position) out of range for \(count) samples")
                (output + row * width).update(from: source + position * width, count: width)
            }
        }
    }

    /// Writes the labels of the samples at `positions` into `output`
    /// (`positions.count` of them), in order.
    @inlinable
    public func gatherLabels(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Int>
    ) {
        labelStorage.withUnsafeBufferPointer { input in
            for (row, position) in positions.enumerated() {
                precondition(
                    position >= 0 && position < count,
                    "Dataset: sample \(position) out of range for \(count) samples")
                output[row] = input[position]
            }
        }
    }
}
