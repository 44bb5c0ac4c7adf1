/// The xoshiro256** pseudo-random generator (Blackman & Vigna, "Scrambled
/// linear pseudorandom number generators", 2021): 256 bits of state, period
/// `2^256 - 1`, fast and statistically strong.
///
/// Every random choice in Perceptron (initialization, shuffling, dropout,
/// noise) takes a generator explicitly, so the same seed gives the same
/// numbers on every run and machine. ``state`` can be saved in a checkpoint
/// and restored with ``init(state:)`` to continue the exact sequence.
public struct Xoshiro256StarStar: RandomNumberGenerator, Hashable, Sendable {
    // Four words in fields rather than an array: `next()` is on the hot path
    // of shuffling and dropout, and must not touch the heap.
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator seeded from one 64-bit number. The state is filled by
    /// SplitMix64, as the authors recommend, so that similar seeds give
    /// unrelated sequences and the state is never all zero.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (next(), next(), next(), next())
    }

    /// A generator continuing from a saved ``state``. Stops unless `state`
    /// has four words, not all zero.
    public init(state: [UInt64]) {
        require(
            state.count == 4 && state.contains { $0 != 0 },
            "Xoshiro256StarStar: the state must be four words, not all zero, got \(state)")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    /// The four state words, for checkpoints.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// The four state words without an array, for a kernel that steps the
    /// generator itself (CVectorMath's dropout).
    @inlinable
    public var stateWords: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    @inlinable
    func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

extension Xoshiro256StarStar: Codable {
    public init(from decoder: any Decoder) throws {
        let words = try decoder.singleValueContainer().decode([UInt64].self)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a xoshiro256** state is four words, not all zero"))
        }
        self.init(state: words)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(state)
    }
}
