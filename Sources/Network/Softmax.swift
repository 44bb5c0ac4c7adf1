import RealModule
import Tensor

/// Row-wise softmax and log-softmax, stable for any logits.
public enum Softmax {
    /// Replaces each row `z` of `Z` with `softmax(z)_i = e^(z_i - m) / s`,
    /// `m = max_j z_j`, `s = sum_j e^(z_j - m)`. Subtracting `m` changes
    /// nothing mathematically and keeps every exponent `<= 0`.
    /// The exponentials of all rows are one vectorized call.
    @inlinable
    public static func apply<Scalar: BLASScalar>(to z: MatrixView<Scalar>) {
        for i in 0..<z.rows {
            let row = z.baseAddress + i * z.columns
            let maximum = rowMaximum(row, z.columns)
            for j in 0..<z.columns { row[j] -= maximum }
        }
        Scalar.vectorExp(z.baseAddress, count: z.count)
        for i in 0..<z.rows {
            let row = z.baseAddress + i * z.columns
            var sum: Scalar = 0
            for j in 0..<z.columns { sum += row[j] }
            let inverse = 1 / sum
            for j in 0..<z.columns { row[j] *= inverse }
        }
    }

    /// Replaces each row `z` of `Z` with `log softmax(z)_i = z_i - m - log s`,
    /// exact where `log(softmax(z))` would take the logarithm of an
    /// underflowed zero.
    @inlinable
    public static func applyLogarithm<Scalar: BLASScalar>(to z: MatrixView<Scalar>) {
        for i in 0..<z.rows {
            let row = z.baseAddress + i * z.columns
            let shift = logSumExp(row, z.columns)
            for j in 0..<z.columns { row[j] -= shift }
        }
    }

    /// `log sum_j e^(z_j) = m + log sum_j e^(z_j - m)` for one row of
    /// `count` logits.
    @inlinable
    public static func logSumExp<Scalar: BLASScalar>(_ row: UnsafePointer<Scalar>, _ count: Int)
        -> Scalar
    {
        let maximum = rowMaximum(row, count)
        var sum: Scalar = 0
        for j in 0..<count { sum += Scalar.exp(row[j] - maximum) }
        return maximum + Scalar.log(sum)
    }

    /// The softmax Jacobian applied row by row, in place:
    /// `dZ_i = a_i (dA_i - sum_j a_j dA_j)`.
    @inlinable
    public static func backpropagate<Scalar: BLASScalar>(
        output a: MatrixView<Scalar>, gradient dA: MatrixView<Scalar>
    ) {
        requireSameShape("Softmax.backpropagate", ("the output", a), ("the gradient", dA))
        for i in 0..<a.rows {
            let outputs = a.baseAddress + i * a.columns
            let gradients = dA.baseAddress + i * a.columns
            var weighted: Scalar = 0
            for j in 0..<a.columns { weighted += outputs[j] * gradients[j] }
            for j in 0..<a.columns { gradients[j] = outputs[j] * (gradients[j] - weighted) }
        }
    }

    /// The largest of `count` logits. A NaN is passed over here, and
    /// still makes every result of its row NaN: `NaN - m` is NaN, and so is
    /// the sum of the exponentials. Without branches, so it vectorizes.
    @inlinable
    static func rowMaximum<Scalar: BLASScalar>(_ row: UnsafePointer<Scalar>, _ count: Int)
        -> Scalar
    {
        var maximum = -Scalar.infinity
        for j in 0..<count { maximum = row[j] > maximum ? row[j] : maximum }
        return maximum
    }
}
