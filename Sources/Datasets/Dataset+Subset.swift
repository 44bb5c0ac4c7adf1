import Tensor

extension Dataset {
    /// The samples at `indices`, in that order (an index may repeat), as a
    /// dataset with the same classes and standardization.
    ///
    /// A view: it shares this dataset's feature storage and holds only the
    /// stored row of each of its samples and their labels, so a subset of a
    /// 60,000-image set costs two `Int`s per sample, not its features.
    ///
    /// Stops when an index is outside `0..<count`.
    @inlinable
    public func subset(_ indices: some Collection<Int>) -> Dataset {
        var result = self
        // Sized to `indices`, not `self`.
        (result.storedRows, result.labelStorage, result.targetStorage) = (nil, [], [])
        result.select(indices, of: self)
        return result
    }

    /// The samples in a random order drawn from `generator` (see
    /// ``Swift/Array/init(randomPermutationOf:using:)``): a view, as
    /// ``subset(_:)`` makes.
    @inlinable
    public func shuffled(using generator: inout some RandomNumberGenerator) -> Dataset {
        subset([Int](randomPermutationOf: count, using: &generator))
    }

    /// Makes this dataset `source`'s samples at `indices`: sample `i`
    /// becomes `source`'s sample `indices[i]`, over `source`'s storage and
    /// with its standardization (the classes stay this dataset's: `source`
    /// is the dataset this one was made from). Rewrites the row indices and
    /// labels in place, so nothing is allocated when they are not shared
    /// and `indices.count` is at most the current count: an
    /// ``EpochShuffler``'s new order each epoch.
    ///
    /// Stops when an index is outside `0..<source.count`.
    @inlinable
    mutating func select(_ indices: some Collection<Int>, of source: Dataset) {
        source.checkSampleIndices(indices)
        let sourceRows = source.storedRows
        var rows = storedRows ?? []
        storedRows = nil  // so that `rows` is not shared with `self`
        rows.removeAll(keepingCapacity: true)
        rows.append(contentsOf: indices.lazy.map { sourceRows?[$0] ?? $0 })
        storedRows = rows
        let sourceLabels = source.labelStorage
        labelStorage.removeAll(keepingCapacity: true)
        if !source.isRegression {
            labelStorage.append(contentsOf: indices.lazy.map { sourceLabels[$0] })
        }
        let (sourceTargets, width) = (source.targetStorage, source.targetCount)
        targetStorage.removeAll(keepingCapacity: true)
        for index in indices where width > 0 {
            targetStorage.append(contentsOf: sourceTargets[(index * width)..<((index + 1) * width)])
        }
        if let sourceWeights = source.weightStorage {
            var weights = weightStorage ?? []
            weightStorage = nil  // so that `weights` is not shared with `self`
            weights.removeAll(keepingCapacity: true)
            weights.append(contentsOf: indices.lazy.map { sourceWeights[$0] })
            weightStorage = weights
        } else {
            weightStorage = nil
        }
        targetTransform = source.targetTransform
        storage = source.storage
        standardization = source.standardization
    }

    /// Stops unless every index is in `0..<count`.
    @inlinable
    func checkSampleIndices(_ indices: some Collection<Int>) {
        for index in indices {
            require(
                index >= 0 && index < count,
                "Dataset: sample index \(index) out of range for \(count) samples")
        }
    }
}
