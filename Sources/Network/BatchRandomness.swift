import Tensor

/// Where the random numbers of a training pass come from: the dropout mask
/// and the input noise of sample `r` in layer `l` are drawn from a generator
/// seeded by `(seed, l, r)` alone.
///
/// A batch split into contiguous shards, each evaluated on its own thread
/// with `firstRow` set to the shard's first sample, therefore draws exactly
/// the masks and noise of the whole batch on one thread: the thread count
/// changes the gradient only by the rounding of the sums, never by the
/// random choices. A trainer draws one ``seed`` per step from the model's
/// generator, so a run is still determined by its seed, and a checkpoint
/// that saves that generator resumes it exactly.
public struct BatchRandomness: Sendable, Equatable {
    /// The step's seed.
    public let seed: UInt64
    /// The index in the whole batch of the first row of the matrix at hand.
    public let firstRow: Int

    /// The random numbers of a batch whose first row is sample `firstRow` of
    /// the step seeded by `seed`.
    @inlinable
    public init(seed: UInt64, firstRow: Int = 0) {
        self.seed = seed
        self.firstRow = firstRow
    }

    /// The same step's random numbers for the rows from `offset` on.
    @inlinable
    public func advanced(by offset: Int) -> BatchRandomness {
        BatchRandomness(seed: seed, firstRow: firstRow + offset)
    }

    /// The generator of local row `row` in layer `layer`: SplitMix64's
    /// finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom
    /// number generators", OOPSLA 2014) mixes the seed with the layer and
    /// the global row, so neighbouring rows and layers get unrelated
    /// streams.
    @inlinable
    public func generator(layer: Int, row: Int) -> Xoshiro256StarStar {
        let position =
            UInt64(truncatingIfNeeded: layer) << 40 ^ UInt64(truncatingIfNeeded: firstRow + row)
        return Xoshiro256StarStar(seed: Self.mix(seed ^ Self.mix(position)))
    }

    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
