import Tensor

extension NetworkObjective {
    /// This member's mean `value` (and `gradient`) weighted by its share of
    /// the samples and summed over the group in one reduction of
    /// `[value, gradient]`: the whole objective, the same bits on every
    /// member. Overwrites `gradient` with the sum.
    ///
    /// A failed reduction ends every member (``Communicator/abort(_:)``):
    /// an objective cannot throw, and a member that went on alone would
    /// leave the others waiting.
    @inlinable
    mutating func sumAcrossGroup(_ value: Scalar, gradient: UnsafeMutableBufferPointer<Scalar>?)
        -> Scalar
    {
        guard let group else { return value }
        let weight = shareWeight
        let count = (gradient?.count ?? 0) + 1
        return reduction.withUnsafeMutableBufferPointer { buffer in
            let sum = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            sum[0] = weight * value
            if let gradient {
                for i in gradient.indices { sum[i + 1] = weight * gradient[i] }
            }
            do {
                try group.allreduceSum(sum)
            } catch {
                group.abort("the full-batch objective's reduction failed: \(error)")
            }
            if let gradient {
                for i in gradient.indices { gradient[i] = sum[i + 1] }
            }
            return sum[0]
        }
    }
}
