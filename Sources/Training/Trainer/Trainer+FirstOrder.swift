import Datasets
import Network
import Optimizers
import Reporting
import Tensor

/// The first-order epochs: shuffled mini-batches, one data-parallel step
/// each, on the workers of a ``ShardedPass``.
extension Trainer {
    /// The thread plan of a training step on batches of `batchRows` samples
    /// (see ``ThreadPlan``), within ``threadBudget``.
    public func trainingPlan(batchRows: Int) -> ThreadPlan {
        ThreadPlan.training(rows: batchRows, parameters: model.parameterCount, budget: threadBudget)
    }

    /// The first-order epochs: a new order of the samples every epoch, then
    /// one data-parallel step per batch of ``batchSize`` samples. A made
    /// ``stopRequest`` ends training after the step in progress, with the
    /// epoch's position in ``epochInProgress``; an ``epochInProgress`` left
    /// by such a stop is continued first.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    mutating func trainEpochs(
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, epochs: Int,
        pass: ShardedPass<Scalar>, onProgress: ((TrainingProgress) -> Void)?,
        onEpoch: (EpochRecord, Trainer) throws -> TrainingControl
    ) throws {
        var order = Array(0..<training.count)
        let clock = ContinuousClock()
        while epochsCompleted < epochs {
            if try stopIsAgreed(across: nil) { return }
            var progress = beginEpoch(sampleCount: training.count, members: 1)
            order.makeRandomPermutation(using: &generator)
            let start = clock.now - .seconds(progress.seconds)
            while progress.samples < order.count {
                let positions = order[
                    progress.samples..<min(progress.samples + batchSize, order.count)]
                let step = try step(training, at: positions, on: pass, number: progress.steps + 1)
                progress.add(step, rows: positions.count)
                progress.seconds = (clock.now - start).inSeconds
                onProgress?(progress.report(epochs: epochs))
                if progress.samples < order.count, try stopIsAgreed(across: nil) {
                    epochInProgress = progress
                    return
                }
            }
            let record = progress.record(seconds: (clock.now - start).inSeconds)
            if try finishEpoch(
                record, training: training, validation: validation, pass: pass, onEpoch: onEpoch)
            {
                break
            }
        }
    }

    /// One first-order update on the samples of `dataset` at `positions`,
    /// what ``fit(training:validation:epochs:onProgress:onEpoch:)`` runs for
    /// every mini-batch: the data-parallel loss and gradient on `pass`'s
    /// workers (in training mode, with one seed for dropout and noise drawn
    /// from the model's generator), the rule's update of
    /// `Sequential.parameters`, and the Polyak average. After the
    /// first call it allocates nothing.
    ///
    /// Make `pass` once, for batches of up to `positions.count` samples,
    /// with ``makeShardedPass(capacity:)``; OpenBLAS's thread count should
    /// be the plan's (``ThreadPlan/withBLASThreads(_:)``).
    ///
    /// - Returns: the batch's mean loss before the update (with the penalty)
    ///   and the number of samples it classified right.
    /// - Throws: ``TrainingError/invalidData(_:)``, or
    ///   ``TrainingError/nonFiniteLoss(epoch:step:value:)`` and
    ///   ``TrainingError/nonFiniteGradient(epoch:step:)`` before any update.
    // Called from other modules, this public entry point ran unspecialized
    // (only `fit`'s path was): every generic `Scalar` operation in the
    // step's pass, update and average went through protocol witnesses,
    // boxing values on the heap: about 770 mallocs and 90-110 ms per step
    // of a 784-512-256-10 network at batch 128, against 1-3 mallocs and
    // 18-40 ms specialized (Benchmarks/TrainerStep). The generic entry
    // point dispatches to these copies.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func step(
        _ dataset: Dataset<Scalar>, at positions: ArraySlice<Int>, on pass: ShardedPass<Scalar>
    ) throws -> (loss: Scalar, correct: Int) {
        try checkFits(dataset, role: "training")
        return try step(dataset, at: positions, on: pass, number: optimizer.stepCount + 1)
    }

    /// ``step(_:at:on:)``, with `number` the step's place in its epoch for
    /// the error messages.
    mutating func step(
        _ dataset: Dataset<Scalar>, at positions: ArraySlice<Int>, on pass: ShardedPass<Scalar>,
        number: Int
    ) throws -> (loss: Scalar, correct: Int) {
        let seed = model.hasRandomLayers ? model.generator.next() : 0
        let result: (loss: Scalar, correct: Int)
        do throws(NetworkError) {
            // A copy for the workers to read, gone before the update writes
            // the parameters (which stay uniquely referenced).
            let model = self.model
            result = try model.parameters.withUnsafeBufferPointer {
                parameters throws(NetworkError) in
                try pass.run(
                    model, on: dataset, at: positions, parameters: parameters, seed: seed,
                    mode: .training, computesGradient: true)
            }
        } catch {
            throw TrainingError.invalidData(error)
        }
        let epoch = epochsCompleted + 1
        guard result.loss.isFinite else {
            throw TrainingError.nonFiniteLoss(
                epoch: epoch, step: number, value: Double(result.loss))
        }
        guard pass.lastGradientIsFinite else {
            throw TrainingError.nonFiniteGradient(epoch: epoch, step: number)
        }
        // The update and the average are element-wise: each worker takes a
        // range of the weights.
        Self.update(&model.parameters, with: &optimizer, averaging: &averaging, on: pass)
        return result
    }

    /// Workers and buffers for batches of up to `capacity` samples, as many
    /// as ``trainingPlan(batchRows:)`` gives for that batch.
    public func makeShardedPass(capacity: Int) -> ShardedPass<Scalar> {
        ShardedPass(
            model: model, capacity: capacity,
            workers: trainingPlan(batchRows: capacity).shards)
    }

}
