import Optimizers
import Tensor

/// The update of a data-parallel step, on the step's workers: worker `k`
/// applies the rule to its range of the weights (with the copy of the rule
/// that owns that range, see ``TrainingOptimizer/partition(into:)``), then
/// blends the same range into the Polyak average. The rule and the blend
/// are element-wise, so the result is the same to the bit as the whole
/// vector updated on one thread.
@usableFromInline
struct ParallelUpdate<Scalar: BLASScalar>: WorkerJob {
    /// The rules of the partitions, or nil when the rule was applied
    /// beforehand (its partitions do not match the workers).
    @usableFromInline let rules: UnsafeMutableBufferPointer<TrainingOptimizer<Scalar>.Rule>?
    @usableFromInline let parameters: UnsafeMutableBufferPointer<Scalar>
    @usableFromInline let gradient: UnsafeBufferPointer<Scalar>
    /// The Polyak average and this step's blend, if there is an average.
    @usableFromInline let average: UnsafeMutableBufferPointer<Scalar>?
    @usableFromInline let blend: PolyakAveraging<Scalar>.Blend?
    @usableFromInline let workers: Int

    @inlinable
    init(
        rules: UnsafeMutableBufferPointer<TrainingOptimizer<Scalar>.Rule>?,
        parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
        average: UnsafeMutableBufferPointer<Scalar>?, blend: PolyakAveraging<Scalar>.Blend?,
        workers: Int
    ) {
        (self.rules, self.parameters, self.gradient) = (rules, parameters, gradient)
        (self.average, self.blend, self.workers) = (average, blend, workers)
    }

    @inlinable
    func run(worker k: Int) {
        if let rules {
            TrainingOptimizer.update(&rules[k], part: k, of: workers, parameters, along: gradient)
        }
        if let average, let blend {
            let range = ThreadPlan.shardRange(k, of: parameters.count, parts: workers)
            blend.apply(UnsafeBufferPointer(parameters), to: average, range: range)
        }
    }
}

extension Trainer {
    /// Updates `parameters` along `pass.gradient` with `optimizer`, and the
    /// Polyak average, on `pass`'s workers (see ``ParallelUpdate``).
    @inlinable
    static func update(
        _ parameters: inout [Scalar], with optimizer: inout TrainingOptimizer<Scalar>,
        averaging: inout PolyakAveraging<Scalar>?, on pass: ShardedPass<Scalar>
    ) {
        let workers = pass.shardCount
        // A rule that stays whole (clipping by norm) runs first, alone.
        let rulePerWorker = optimizer.partitionCount == workers
        if !rulePerWorker { optimizer.update(&parameters, along: pass.gradient) }
        let blend = averaging?.advance(count: parameters.count)
        let gradient = pass.gradient
        gradient.withUnsafeBufferPointer { g in
            parameters.withUnsafeMutableBufferPointer { w in
                optimizer.withUnsafeMutableRules { rules in
                    func run(_ average: UnsafeMutableBufferPointer<Scalar>?) {
                        pass.pool.run(
                            ParallelUpdate(
                                rules: rulePerWorker ? rules : nil, parameters: w, gradient: g,
                                average: average, blend: blend, workers: workers))
                    }
                    if averaging != nil {
                        averaging!.withUnsafeMutableAverage { run($0) }
                    } else {
                        run(nil)
                    }
                }
            }
        }
    }
}
