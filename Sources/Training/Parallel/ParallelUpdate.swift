import Optimizers
import Tensor

/// The update of a data-parallel step, on the step's workers: worker `k`
/// applies the rule to part `firstPart + k` of the `partCount` parts of
/// the weights (with the copy of the rule that owns that range, see
/// ``TrainingOptimizer/partition(into:)``), then blends the same range into
/// the Polyak average. The rule and the blend are element-wise, so the
/// result is the same to the bit as the whole vector updated on one thread.
/// One process's step updates every part (`firstPart` 0, one part per
/// worker); a member of a group that shares the update, its own
/// (`SharedUpdate`).
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
    /// Worker `k`'s part is `firstPart + k` of `partCount`.
    @usableFromInline let firstPart: Int
    @usableFromInline let partCount: Int

    @inlinable
    init(
        rules: UnsafeMutableBufferPointer<TrainingOptimizer<Scalar>.Rule>?,
        parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
        average: UnsafeMutableBufferPointer<Scalar>?, blend: PolyakAveraging<Scalar>.Blend?,
        firstPart: Int, partCount: Int
    ) {
        (self.rules, self.parameters, self.gradient) = (rules, parameters, gradient)
        (self.average, self.blend) = (average, blend)
        (self.firstPart, self.partCount) = (firstPart, partCount)
    }

    @inlinable
    func run(worker k: Int) {
        let part = firstPart + k
        if let rules {
            TrainingOptimizer.update(
                &rules[part], part: part, of: partCount, parameters, along: gradient)
        }
        if let average, let blend {
            let range = ThreadPlan.shardRange(part, of: parameters.count, parts: partCount)
            blend.apply(UnsafeBufferPointer(parameters), to: average, range: range)
        }
    }
}

extension Trainer {
    /// Updates `parameters` along `pass.gradient` with `optimizer`, and the
    /// Polyak average, on `pass`'s workers (see ``ParallelUpdate``): parts
    /// `parts` of `partCount`, one per worker; by default all of them, one
    /// part per worker.
    @inlinable
    static func update(
        _ parameters: inout [Scalar], with optimizer: inout TrainingOptimizer<Scalar>,
        averaging: inout PolyakAveraging<Scalar>?, on pass: ShardedPass<Scalar>,
        parts: Range<Int>? = nil, of partCount: Int? = nil
    ) {
        let parts = parts ?? 0..<pass.shardCount
        let partCount = partCount ?? pass.shardCount
        require(
            parts.count == pass.shardCount,
            "Trainer.update: \(parts.count) parts for \(pass.shardCount) workers")
        // A rule that stays whole (clipping by norm) runs first, alone, on
        // the whole vector: only when every part is this process's.
        let rulePerPart = optimizer.partitionCount == partCount
        if !rulePerPart { optimizer.update(&parameters, along: pass.gradient) }
        let blend = averaging?.advance(count: parameters.count)
        let gradient = pass.gradient
        gradient.withUnsafeBufferPointer { g in
            parameters.withUnsafeMutableBufferPointer { w in
                optimizer.withUnsafeMutableRules { rules in
                    func run(_ average: UnsafeMutableBufferPointer<Scalar>?) {
                        pass.pool.run(
                            ParallelUpdate(
                                rules: rulePerPart ? rules : nil, parameters: w, gradient: g,
                                average: average, blend: blend, firstPart: parts.lowerBound,
                                partCount: partCount))
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
