import Datasets
import Network
import Reporting
import Tensor

extension Trainer {
    /// Trains on this member's `share` of the data together with the other
    /// members of `group`, each holding its own share: data-parallel
    /// training across processes (`MPICommunicator`) or threads
    /// (``LocalCommunicator``). Every member calls it with the same trainer
    /// (the same seed, model and settings) and gets the same trainer back,
    /// to the bit.
    ///
    /// **First-order rules.** With `n_m` samples on member `m`, `n` in all
    /// and `S = ceil(n / batchSize)` steps an epoch, step `k` takes from
    /// every member the samples `k n_m / S ..< (k + 1) n_m / S` of its
    /// share in an order drawn afresh each epoch (from the trainer's
    /// generator and the rank). The step's gradient is the mean over the
    /// global batch of `B_k = sum_m b_m` samples,
    ///
    ///     g = sum_m (b_m / B_k) g_m,
    ///
    /// with `g_m` member `m`'s mean over its `b_m` samples, each element
    /// summed once, by one member. With ``sharesUpdate`` (the default) each
    /// member receives the sums of its own part of the parameters
    /// (``Communicator/startReduceScatterSum(_:counts:)``), applies the
    /// rule and the Polyak blend to that part, and sends it to the others
    /// (``Communicator/allgather(_:counts:)``); otherwise every member
    /// receives the whole sum (``Communicator/allreduceSum(_:)``) and
    /// applies the whole update. Either way every member ends the step with
    /// the same parameters, to the bit. With one shard per member,
    /// each dense layer's part of the sum starts as soon as backpropagation
    /// completes it (``overlapsCommunication``), while the layers below are
    /// still being differentiated, as PyTorch's DistributedDataParallel does
    /// (Li et al., 2020, "PyTorch Distributed: Experiences on Accelerating
    /// Data Parallel Training", VLDB 13(12)). Dropout and noise are drawn
    /// per sample of the global batch, and the epoch's loss, accuracy and
    /// validation metrics are sums over every member.
    ///
    /// **Second-order methods** minimize the full objective over every
    /// member's share (``NetworkObjective/init(model:dataset:threads:across:)``):
    /// each evaluation is one reduction of `[loss, gradient]`, and the
    /// minimizer runs replicated on every member.
    ///
    /// A run resumed from a checkpoint continues exactly when it has the
    /// same number of members, each with the same share; with another
    /// number the shares and batches differ, so it continues correctly but
    /// not as the uninterrupted run would have.
    ///
    /// - Parameters:
    ///   - share: this member's samples (`Dataset.share(rank:of:seed:)`).
    ///   - validation: this member's share of the validation samples, or nil
    ///     on every member.
    ///   - epochs: the epoch to train to, counting those before a resume.
    ///   - group: `across:`, the members, this one among them.
    ///   - onProgress: this member's progress within an epoch.
    ///   - onEpoch: called on every member with the same record.
    @discardableResult
    public mutating func fit(
        training share: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        across group: any Communicator, onProgress: ((TrainingProgress) -> Void)? = nil,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws -> TrainingHistory {
        try fitEpochs(
            training: share, validation: validation, epochs: epochs, group: group,
            onProgress: onProgress, onEpoch: onEpoch)
    }

    /// ``fit(training:validation:epochs:across:onProgress:onEpoch:)``
    /// without a per-epoch callback. Two overloads rather than a default,
    /// so that a trailing closure binds to `onEpoch`.
    @discardableResult
    public mutating func fit(
        training share: Dataset<Scalar>, validation: Dataset<Scalar>? = nil, epochs: Int,
        across group: any Communicator, onProgress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fitEpochs(
            training: share, validation: validation, epochs: epochs, group: group,
            onProgress: onProgress, onEpoch: { _, _ in .proceed })
    }

    /// The loss and accuracy over every member's share of a dataset: sums
    /// of this member's, reduced across `group`. Every member calls it.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func evaluate(_ share: Dataset<Scalar>, across group: any Communicator)
        throws -> (loss: Double, accuracy: Double)
    {
        try evaluate(share, pass: nil, group: group)
    }

    /// MSE, MAE and R² per output over every member's share of a regression
    /// dataset, in the targets' original units (see
    /// ``regressionMetrics(_:)``): sums of this member's, reduced across
    /// `group` in one reduction. Every member calls it.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func regressionMetrics(_ share: Dataset<Scalar>, across group: any Communicator)
        throws -> RegressionMetrics
    {
        try regressionMetrics(share, pass: nil, group: group)
    }

    /// The first-order epochs across `group` (see
    /// ``fit(training:validation:epochs:across:onProgress:onEpoch:)``).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func trainEpochs(
        share: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        group: any Communicator, pass: ShardedPass<Scalar>, sharing: SharedUpdate?,
        onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws {
        let counts = try group.allgather(Double(share.count)).map { Int($0) }
        let total = counts.reduce(0, +)
        let steps = Swift.max(1, (total + batchSize - 1) / batchSize)
        /// Member `m`'s samples at step `k`: positions in its epoch order.
        func rows(_ k: Int, member m: Int) -> Range<Int> {
            ThreadPlan.shardRange(k, of: counts[m], parts: steps)
        }
        var order = Array(0..<share.count)
        let reducer = GradientReducer<Scalar>(
            group: group, overlapped: overlapsCommunication && pass.shardCount == 1,
            sharing: sharing)
        let clock = ContinuousClock()
        while epochsCompleted < epochs {
            if try stopIsAgreed(across: group) { return }
            var progress = beginEpoch(sampleCount: total, members: group.size)
            // A stopped epoch's sums are every member's: rank 0 carries them.
            if group.rank != 0 { (progress.lossSum, progress.correct) = (0, 0) }
            // This member's samples behind its sums, for the progress report.
            var seen = group.rank == 0 ? progress.samples : 0
            // One draw from the shared stream, the same on every member,
            // then an order of this member's own.
            var memberGenerator = Xoshiro256StarStar(
                seed: generator.next() ^ (UInt64(group.rank + 1) &* 0x9E37_79B9_7F4A_7C15))
            order.makeRandomPermutation(using: &memberGenerator)
            let start = clock.now - .seconds(progress.seconds)
            for k in progress.steps..<steps {
                let sizes = counts.indices.map { rows(k, member: $0).count }
                let globalRows = sizes.reduce(0, +)
                // Every member skips the same empty steps (shares smaller
                // than the number of steps).
                if globalRows > 0 {
                    let local = rows(k, member: group.rank)
                    let step = try step(
                        share, at: order[local], on: pass, reducer: reducer,
                        globalRows: globalRows, firstRow: sizes[..<group.rank].reduce(0, +),
                        number: k + 1)
                    progress.add(step, rows: local.count, globalRows: globalRows)
                    seen += local.count
                }
                // Empty steps count too, as they do in the step numbers.
                progress.steps = k + 1
                progress.seconds = (clock.now - start).inSeconds
                onProgress?(
                    TrainingProgress(
                        epoch: progress.epoch, epochs: epochs, samples: progress.samples,
                        totalSamples: total, loss: progress.lossSum / Double(Swift.max(seen, 1)),
                        accuracy: Double(progress.correct) / Double(Swift.max(seen, 1)),
                        seconds: progress.seconds))
                // The members agree on a stop every few steps, at the same
                // steps on all of them.
                if k + 1 < steps, (k + 1) % Self.stopAgreementInterval == 0,
                    try stopIsAgreed(across: group)
                {
                    let sums = try group.allreduceSum([progress.lossSum, Double(progress.correct)])
                    (progress.lossSum, progress.correct) = (sums[0], Int(sums[1]))
                    if let sharing { try synchronizeSharedUpdate(sharing, across: group) }
                    epochInProgress = progress
                    return
                }
            }
            let sums = try group.allreduceSum([progress.lossSum, Double(progress.correct)])
            (progress.lossSum, progress.correct) = (sums[0], Int(sums[1]))
            if let sharing { try synchronizeSharedUpdate(sharing, across: group) }
            let record = progress.record(seconds: (clock.now - start).inSeconds)
            if try finishEpoch(
                record, training: share, validation: validation, pass: pass, group: group,
                onEpoch: onEpoch)
            {
                break
            }
        }
    }

    /// One step across the reducer's group: this member's `positions`
    /// (possibly none) of a global batch of `globalRows` samples, whose
    /// first is the batch's `firstRow`-th; the gradient summed across
    /// members, then the same update on every member. Returns this member's mean loss and its
    /// correct predictions.
    mutating func step(
        _ share: Dataset<Scalar>, at positions: ArraySlice<Int>, on pass: ShardedPass<Scalar>,
        reducer: GradientReducer<Scalar>, globalRows: Int, firstRow: Int, number: Int
    ) throws -> (loss: Scalar, correct: Int) {
        let seed = model.hasRandomLayers ? model.generator.next() : 0
        reducer.begin(
            weight: try shareOfBatch(
                share, at: positions, globalRows: globalRows, group: reducer.group))
        var result: (loss: Scalar, correct: Int) = (0, 0)
        if positions.isEmpty {
            pass.withGradient { $0.update(repeating: 0) }
        } else {
            do throws(NetworkError) {
                let model = self.model
                result = try model.parameters.withUnsafeBufferPointer {
                    parameters throws(NetworkError) in
                    try pass.run(
                        model, on: share, at: positions, parameters: parameters, seed: seed,
                        mode: .training, computesGradient: true, firstRow: firstRow,
                        onLayerGradient: reducer.onLayerGradient)
                }
            } catch {
                throw TrainingError.invalidData(error)
            }
        }
        try pass.withGradient { try reducer.finish($0) }
        communicationTime.add(reducer)
        let epoch = epochsCompleted + 1
        guard result.loss.isFinite else {
            throw TrainingError.nonFiniteLoss(
                epoch: epoch, step: number, value: Double(result.loss))
        }
        if let sharing = reducer.sharing {
            try updateOwnParameters(sharing, on: pass, group: reducer.group, step: number)
            return result
        }
        // The summed gradient, which the members' checks did not see.
        guard pass.gradient.allFinite() else {
            throw TrainingError.nonFiniteGradient(epoch: epoch, step: number)
        }
        Self.update(&model.parameters, with: &optimizer, averaging: &averaging, on: pass)
        return result
    }

    /// The update of a step whose gradient was reduce-scattered: this
    /// member's parts of the rule and the average, then every member's
    /// parameters to every member (see `SharedUpdate`). The members
    /// first agree that the whole summed gradient is finite; when it is
    /// not, each stops with the same error and the state of before the step.
    mutating func updateOwnParameters(
        _ sharing: SharedUpdate, on pass: ShardedPass<Scalar>, group: any Communicator,
        step number: Int
    ) throws {
        let ownFinite = pass.gradient.withUnsafeBufferPointer {
            UnsafeBufferPointer(rebasing: $0[sharing.ownedRange]).allFinite()
        }
        let agreeing = ContinuousClock.now
        let nonFinite = try group.allreduceSum([ownFinite ? 0 : 1])[0]
        communicationTime.gatherSeconds += (ContinuousClock.now - agreeing).inSeconds
        guard nonFinite == 0 else {
            try synchronizeSharedUpdate(sharing, across: group)
            throw TrainingError.nonFiniteGradient(epoch: epochsCompleted + 1, step: number)
        }
        Self.update(
            &model.parameters, with: &optimizer, averaging: &averaging, on: pass,
            parts: sharing.ownedParts, of: sharing.partCount)
        let sending = ContinuousClock.now
        try model.parameters.withUnsafeMutableBufferPointer {
            try group.allgather($0, counts: sharing.memberCounts)
        }
        communicationTime.gatherSeconds += (ContinuousClock.now - sending).inSeconds
    }

    /// This member's part `W_m / W` of a global batch's weight: its share of
    /// the rows for unweighted data; for weighted data, the sum of its
    /// samples' weights over the global sum, which takes one small
    /// reduction before the step.
    func shareOfBatch(
        _ share: Dataset<Scalar>, at positions: ArraySlice<Int>, globalRows: Int,
        group: any Communicator
    ) throws -> Scalar {
        guard let weights = share.sampleWeights else {
            return Scalar(positions.count) / Scalar(globalRows)
        }
        let local = positions.reduce(0.0) { $0 + Double(weights[$1]) }
        let total = try group.allreduceSum([local])[0]
        return total > 0 ? Scalar(local / total) : 0
    }
}
