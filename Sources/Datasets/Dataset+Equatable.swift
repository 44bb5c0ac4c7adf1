import Tensor

extension Dataset: Equatable {
    /// Whether two datasets hold the same samples: equal ``features`` (as
    /// read, converted and standardized), equal labels, class count and
    /// class names, however each is stored. Views of one storage with the
    /// same rows and transform are equal without reading a value; otherwise
    /// the features are compared a row at a time, never materialized.
    @inlinable
    public static func == (lhs: Dataset, rhs: Dataset) -> Bool {
        guard lhs.count == rhs.count, lhs.featureCount == rhs.featureCount,
            lhs.classCount == rhs.classCount, lhs.classNames == rhs.classNames,
            lhs.labels == rhs.labels, lhs.targetCount == rhs.targetCount,
            lhs.targetNames == rhs.targetNames, lhs.sampleWeights == rhs.sampleWeights,
            lhs.targetCount == 0 || lhs.targetValues == rhs.targetValues
        else { return false }
        if lhs.storage === rhs.storage, lhs.storedRows == rhs.storedRows,
            lhs.standardization == rhs.standardization
        {
            return true
        }
        let width = lhs.featureCount
        return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 2 * width) { buffer in
            guard let left = buffer.baseAddress else { return true }  // no features
            let right = left + width
            for sample in 0..<lhs.count {
                lhs.gatherFeatures(at: CollectionOfOne(sample), into: left)
                rhs.gatherFeatures(at: CollectionOfOne(sample), into: right)
                for j in 0..<width where left[j] != right[j] { return false }
            }
            return true
        }
    }
}
