import Network
import Tensor

extension NetworkObjective {
    /// A contiguous range of the samples with the copy of the model that
    /// evaluates it (its own workspace) and its own gradient buffer: all that
    /// one thread writes during a sharded evaluation.
    @usableFromInline
    struct Shard: Sendable {
        @usableFromInline var model: Sequential<Scalar>
        /// The samples, rows of the objective's features.
        @usableFromInline let rows: Range<Int>
        @usableFromInline let targets: Targets<Scalar>
        /// The shard's sample weights, or nil (unweighted, or weighing 0).
        @usableFromInline let sampleWeights: ArraySlice<Scalar>?
        /// The shard's total weight `W_k`: `n_k` for unweighted data.
        @usableFromInline let weight: Scalar
        @usableFromInline var gradient: [Scalar]
        /// The mean loss over `rows` plus the penalty, from the last evaluation.
        @usableFromInline var value: Scalar = 0
        @usableFromInline var error: NetworkError?

        init(
            model: Sequential<Scalar>, rows: Range<Int>, targets: Targets<Scalar>,
            sampleWeights: ArraySlice<Scalar>?
        ) {
            self.model = model
            self.rows = rows
            self.targets = targets
            self.weight = sampleWeights.map { $0.reduce(0, +) } ?? Scalar(rows.count)
            self.sampleWeights = weight > 0 ? sampleWeights : nil
            self.gradient = [Scalar](repeating: 0, count: model.parameterCount)
        }

        /// Evaluates the shard's loss (and gradient) at `parameters`.
        @inlinable
        mutating func evaluate(
            _ features: Matrix<Scalar>, at parameters: UnsafeBufferPointer<Scalar>,
            withGradient: Bool
        ) {
            let samples = features.rows(rows)
            do {
                value =
                    withGradient
                    ? try model.lossAndGradient(
                        samples, targets, at: parameters, gradient: &gradient,
                        sampleWeights: sampleWeights, mode: .inference)
                    : try model.loss(samples, targets, at: parameters, sampleWeights: sampleWeights)
                error = nil
            } catch {
                self.error = error
                value = .nan
            }
        }
    }

    /// A sharded evaluation as a ``WorkerJob``: worker `k` evaluates shard
    /// `k` alone, and all of them read the parameters, which nothing writes
    /// until every worker is done. A job, not a closure, so that posting it
    /// allocates nothing.
    @usableFromInline
    struct ShardEvaluation: WorkerJob {
        @usableFromInline let shards: UnsafeMutableBufferPointer<Shard>
        @usableFromInline let features: Matrix<Scalar>
        @usableFromInline let parameters: UnsafeBufferPointer<Scalar>
        @usableFromInline let withGradient: Bool

        @inlinable
        init(
            shards: UnsafeMutableBufferPointer<Shard>, features: Matrix<Scalar>,
            parameters: UnsafeBufferPointer<Scalar>, withGradient: Bool
        ) {
            (self.shards, self.features) = (shards, features)
            (self.parameters, self.withGradient) = (parameters, withGradient)
        }

        @inlinable
        func run(worker k: Int) {
            shards[k].evaluate(features, at: parameters, withGradient: withGradient)
        }
    }

    /// Evaluates every shard at once, each on a worker of ``pool`` with one
    /// BLAS thread, and combines them. With `W_k` of the total weight `W`
    /// in shard `k` (`n_k` of the `n` samples for unweighted data),
    ///
    ///     L = sum_k (W_k / W) L_k        grad L = sum_k (W_k / W) grad L_k
    ///
    /// Each `L_k` is a mean over its samples plus the penalty, and the
    /// weights sum to 1, so the penalty counts once. The shards are added in
    /// order, so a given thread count always gives the same bits.
    @inlinable
    mutating func evaluateShards(
        at parameters: some ScalarBuffer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>?
    ) -> Scalar {
        // Concurrent shards each run OpenBLAS on one thread rather than
        // share its pool, and round the same whatever else the process does.
        let (features, withGradient, pool) = (self.features, gradient != nil, self.pool)
        BLAS.withThreadCount(1) {
            parameters.withUnsafeScalars { parameters in
                shards.withUnsafeMutableBufferPointer { shards in
                    pool.run(
                        ShardEvaluation(
                            shards: shards, features: features, parameters: parameters,
                            withGradient: withGradient))
                }
            }
        }
        let totalWeight = self.totalWeight
        var value: Scalar = 0
        for (index, shard) in shards.enumerated() {
            if let error = shard.error {
                lastError = error
                return .nan
            }
            let weight = totalWeight > 0 ? shard.weight / totalWeight : 0
            value += weight * shard.value
            guard var gradient else { continue }
            if index == 0 {
                BLAS.copy(shard.gradient, &gradient)
                BLAS.scal(weight, &gradient)
            } else {
                BLAS.axpy(weight, shard.gradient, &gradient)
            }
        }
        return value
    }
}
