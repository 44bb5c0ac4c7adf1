import Tensor

extension Dataset {
    /// Member `rank`'s share of this dataset among `members`: for
    /// data-parallel training in which every member holds only its share.
    ///
    /// A permutation drawn from `generator` deals the samples out: member
    /// `k` gets the samples at positions `k n / members ..< (k + 1) n /
    /// members` of it (sizes differ by at most one), in their original
    /// order. Every member must pass a generator in the same state (the
    /// same seed, nothing drawn from it yet), so that all draw the same
    /// permutation: the shares are then disjoint and cover the dataset, and
    /// the classes of a sorted file are spread over all members. The share
    /// is ``compacted()``: once the whole dataset is released, a member
    /// holds about `1 / members` of it.
    public func share(
        rank: Int, of members: Int, using generator: inout some RandomNumberGenerator
    ) -> Dataset {
        require(
            members >= 1 && (0..<members).contains(rank),
            "Dataset.share: rank \(rank) of \(members) members")
        let permutation = [Int](randomPermutationOf: count, using: &generator)
        let positions = (rank * count / members)..<((rank + 1) * count / members)
        return subset(permutation[positions].sorted()).compacted()
    }

    /// ``share(rank:of:using:)`` with the permutation drawn from
    /// `Xoshiro256StarStar(seed: seed)`.
    ///
    /// This form takes a seed rather than a generator because the members
    /// are usually separate processes that must all draw the same
    /// permutation: one number on every command line says that, where a
    /// generator already drawn from on one member would silently give
    /// overlapping shares.
    public func share(rank: Int, of members: Int, seed: UInt64) -> Dataset {
        var generator = Xoshiro256StarStar(seed: seed)
        return share(rank: rank, of: members, using: &generator)
    }

    /// The same samples in storage of their own: only this dataset's rows,
    /// in its order, still as bytes when they were stored as bytes, with the
    /// same standardization applied on reading. A view (a subset, a split)
    /// shares its source's storage; this copy lets the source be released.
    public func compacted() -> Dataset {
        guard let storedRows else { return self }
        let width = featureCount
        func gathered<Element>(_ values: [Element]) -> [Element] {
            var result = [Element]()
            result.reserveCapacity(storedRows.count * width)
            for row in storedRows {
                result.append(contentsOf: values[(row * width)..<((row + 1) * width)])
            }
            return result
        }
        var result = self
        result.storage = FeatureStorage(
            rows: storedRows.count, columns: width,
            values: {
                switch storage.values {
                case .scalars(let scalars): .scalars(gathered(scalars))
                case .bytes(let bytes): .bytes(gathered(bytes))
                }
            }())
        result.storedRows = nil
        return result
    }
}
