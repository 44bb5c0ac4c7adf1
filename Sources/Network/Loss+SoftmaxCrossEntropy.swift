import RealModule
import Tensor

/// The target of one sample for ``Loss/softmaxCrossEntropy``: a class, or a
/// row of `y_j` (one-hot, or probabilities).
@usableFromInline
enum TargetRow<Scalar: BLASScalar> {
    case label(Int)
    case values(UnsafePointer<Scalar>)
}

extension Loss {
    /// The fused softmax cross-entropy of a batch of logits `z`
    /// (`batch x classes`), weighted per sample:
    ///
    ///     L = sum_i w_i sum_j y_ij (logsumexp(z_i) - z_ij)
    ///     dL/dz_ij = w_i (softmax(z_i)_j t_i - y_ij),  t_i = sum_j y_ij
    ///
    /// with `logsumexp(z_i) = m_i + log s_i`, `s_i = sum_j e^(z_ij - m_i)`,
    /// `m_i` the row maximum. The exponentials of the whole batch are one
    /// vectorized call, made in the gradient's storage (which must not be
    /// `z`'s) or, without a gradient, in a temporary buffer, and so are the
    /// logarithms of the row sums. A label row reads one logit where a
    /// one-hot row would multiply by all of them.
    @inlinable
    static func softmaxCrossEntropy<Scalar: BLASScalar>(
        logits z: MatrixView<Scalar>, weight: (_ sample: Int) -> Scalar,
        gradient: MatrixView<Scalar>?, target: (_ sample: Int) -> TargetRow<Scalar>
    ) -> Scalar {
        require(
            gradient?.baseAddress != z.baseAddress,
            "softmax cross-entropy: the gradient cannot overwrite the logits")
        let (batch, classes) = (z.rows, z.columns)
        guard batch > 0 else { return 0 }
        // L = sum_i w_i (t_i log s_i - sum_j y_ij (z_ij - m_i)): the second
        // term on the way to the exponentials, the first after them, with
        // s_i and w_i t_i kept in `rows` for one call to log per block of
        // `blockRows` rows. The block keeps `rows` (2 x blockRows scalars)
        // within the 1,024 bytes withUnsafeTemporaryAllocation puts on the
        // stack: 2 x batch Doubles at batch 128 were 2 KiB, a malloc per
        // step (Benchmarks/TrainerStep). The loss is still summed row by row
        // in order, and log is element-wise, so the result is unchanged.
        let blockRows = Swift.min(batch, Swift.max(1, 512 / MemoryLayout<Scalar>.stride))
        func evaluate(
            exponentials e: UnsafeMutablePointer<Scalar>, rows: UnsafeMutablePointer<Scalar>
        )
            -> Scalar
        {
            var loss: Scalar = 0
            for i in 0..<batch {
                let (logits, shifted) = (z.baseAddress + i * classes, e + i * classes)
                let maximum = Softmax.rowMaximum(logits, classes)
                for j in 0..<classes { shifted[j] = logits[j] - maximum }
                switch target(i) {
                case .label(let label): loss -= weight(i) * shifted[label]
                case .values(let y):
                    var targetLogits: Scalar = 0
                    for j in 0..<classes { targetLogits += y[j] * shifted[j] }
                    loss -= weight(i) * targetLogits
                }
            }
            Scalar.vectorExp(e, count: batch * classes)
            let (sums, coefficients) = (rows, rows + blockRows)
            for first in stride(from: 0, to: batch, by: blockRows) {
                let count = Swift.min(blockRows, batch - first)
                for r in 0..<count {
                    let i = first + r
                    let exponentials = e + i * classes
                    var sum: Scalar = 0
                    for j in 0..<classes { sum += exponentials[j] }
                    let row = target(i)
                    var targetMass: Scalar = 1
                    if case .values(let y) = row {
                        targetMass = 0
                        for j in 0..<classes { targetMass += y[j] }
                    }
                    let w = weight(i)
                    (sums[r], coefficients[r]) = (sum, w * targetMass)
                    guard gradient != nil else { continue }
                    let scale = w * targetMass / sum
                    for j in 0..<classes { exponentials[j] *= scale }
                    switch row {
                    case .label(let label): exponentials[label] -= w
                    case .values(let y): for j in 0..<classes { exponentials[j] -= w * y[j] }
                    }
                }
                Scalar.vectorLog(sums, count: count)
                for r in 0..<count { loss += coefficients[r] * sums[r] }
            }
            return loss
        }
        return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 2 * blockRows) { rows in
            if let gradient {
                return evaluate(exponentials: gradient.baseAddress, rows: rows.baseAddress!)
            }
            return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: batch * classes) {
                evaluate(exponentials: $0.baseAddress!, rows: rows.baseAddress!)
            }
        }
    }
}
