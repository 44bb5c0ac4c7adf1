import Tensor
extension Array where Element == Int {
    /// A uniformly random permutation of `0..<count` drawn from `generator`.
    ///
    /// Fisher-Yates in Durstenfeld's form (Knuth, TAOCP vol. 2, Algorithm
    /// 3.4.2 P): for `i` from `count - 1` down to 1, swap element `i` with
    /// element `j`, `j` uniform in `0...i`. The bounded integers use
    /// Lemire's multiply-and-reject method ("Fast random integer generation
    /// in an interval", 2019) written out here, so the permutation for a
    /// seed depends on this code alone, not on the standard library's
    /// version.
    @inlinable
    public init(randomPermutationOf count: Int, using generator: inout some RandomNumberGenerator) {
        require(count >= 0, "randomPermutation: negative count \(count)")
        self = Array(0..<count)
        shuffleIdentity(using: &generator)
    }

    /// Resets the elements to `0..<count` and shuffles them as
    /// ``init(randomPermutationOf:using:)`` does, in place: the same
    /// permutation for the same generator state, without allocating.
    @inlinable
    public mutating func makeRandomPermutation(using generator: inout some RandomNumberGenerator) {
        for i in indices { self[i] = i }
        shuffleIdentity(using: &generator)
    }

    @inlinable
    mutating func shuffleIdentity(using generator: inout some RandomNumberGenerator) {
        var i = count - 1
        while i > 0 {
            let j = uniformIndex(below: i + 1, using: &generator)
            swapAt(i, j)
            i -= 1
        }
    }
}

/// An integer uniform in `0..<bound` (Lemire 2019): the high word of
/// `random * bound`, rejecting the few low words that would bias it.
@inlinable
func uniformIndex(below bound: Int, using generator: inout some RandomNumberGenerator) -> Int {
    let range = UInt64(bound)
    var product = generator.next().multipliedFullWidth(by: range)
    if product.low < range {
        let threshold = (0 &- range) % range
        while product.low < threshold {
            product = generator.next().multipliedFullWidth(by: range)
        }
    }
    return Int(product.high)
}
