import Tensor

// The first `2k` elements of the `2m`-element work vectors of L-BFGS-B's
// compact representation, where `k <= m` pairs are stored: too short for
// a BLAS call to pay, and BLAS would see the whole array.

/// `b[0..<count] = a[0..<count]`.
@inlinable
func copyPrefix<Scalar>(_ a: [Scalar], into b: inout [Scalar], count: Int) {
    for j in 0..<count { b[j] = a[j] }
}

/// `sum_{j < count} a_j b_j`.
@inlinable
func dotPrefix<Scalar: BLASScalar>(_ a: [Scalar], _ b: [Scalar], count: Int) -> Scalar {
    var sum: Scalar = 0
    for j in 0..<count { sum += a[j] * b[j] }
    return sum
}
