import Perceptron

/// Deterministic test data that every rank computes for every rank, so
/// each can form the expected sums locally.
enum TestValues {
    /// SplitMix64 of `(rank, index, salt)`: 64 well-mixed bits.
    static func bits(rank: Int, index: Int, salt: Int) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: rank &* 1_000_003 &+ index &* 7919 &+ salt &* 104_729)
        z = z &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in -1000...1000: sums of a few are exact in Float and Double.
    static func integer(rank: Int, index: Int, salt: Int) -> Int {
        Int(bits(rank: rank, index: index, salt: salt) % 2001) - 1000
    }

    /// A value in (-2^10, 2^10) with a random-ish sign, mantissa and
    /// exponent: its sums round, and rounding depends on the order.
    static func random(rank: Int, index: Int, salt: Int) -> Double {
        let b = bits(rank: rank, index: index, salt: salt)
        let unit = Double(b >> 11) / Double(1 << 53) * 2 - 1
        return unit * Double(sign: .plus, exponent: Int(b & 15) - 5, significand: 1)
    }
}

/// Sums `value(r, i)` over the ranks `r` in rank order.
func rankOrderSum<Scalar: BLASScalar>(
    index: Int, size: Int, _ value: (Int, Int) -> Scalar
) -> Scalar {
    var sum = value(0, index)
    for r in 1..<max(size, 1) { sum += value(r, index) }
    return sum
}
