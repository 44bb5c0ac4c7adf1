import Tensor

// Shared plumbing of the state that grows with the parameters: lazy
// allocation of a state vector (PolyakAveraging's average; the first-order
// rules keep theirs in FirstOrderSettings) and the vectorizable square root
// the adaptive rules take.

extension Array where Element: BLASScalar {
    /// Allocates the state vector on first use (filled with `initial`) and
    /// checks on every later use that it still matches the parameter count.
    @inlinable
    mutating func prepareState(
        count: Int, initial: Element = 0, name: StaticString, in optimizer: StaticString
    ) {
        if isEmpty && count > 0 {
            self = [Element](repeating: initial, count: count)
        }
        require(
            self.count == count,
            "\(optimizer): the parameters have \(count) elements but the state vector \(name) has \(self.count)"
        )
    }
}

extension BLASScalar {
    /// The square root of a value known to be non-negative (a sum or an
    /// average of squares), equal to `squareRoot()` there.
    ///
    /// On Linux `squareRoot()` lowers to a `sqrtf`/`sqrt` call that may set
    /// `errno` for a negative argument, and that side effect keeps LLVM from
    /// vectorizing the loop. The root of the magnitude can never see a
    /// negative argument, so it becomes a plain `sqrtps`/`sqrtpd`: the
    /// adaptive rules run about 3x faster.
    @inlinable @inline(__always)
    var nonNegativeSquareRoot: Self { magnitude.squareRoot() }
}
