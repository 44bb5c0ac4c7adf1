import Datasets
import Network
import Tensor

/// A batch of a data set evaluated in contiguous shards, one per worker, and
/// combined: the data-parallel step of mini-batch training, and the
/// inference passes of evaluation and prediction.
///
/// Worker `k` of `K` takes rows `[k n / K, (k + 1) n / K)` of the batch of
/// `n` samples, gathers them from the data set into its own input buffer
/// (`Dataset.gatherFeatures(at:into:)`), runs
/// `Sequential.forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)`
/// on its own workspace with one BLAS thread, and writes its own gradient.
/// The shards are then combined weighted by size, as one pass over the
/// whole batch would average them:
///
/// ```
/// L = sum_k (n_k / n) L_k          g = sum_k (n_k / n) g_k
/// ```
///
/// Each `L_k` is a mean over its rows plus the regularization penalty, and
/// the weights sum to 1, so the penalty counts once. The sum runs over
/// parameter ranges in parallel, each range adding the shards in the order
/// `k = 0, 1, ...`, so a given worker count gives the same bits on every
/// run. Dropout and noise are drawn per sample (`BatchRandomness`),
/// so 1 and `K` workers differ only by the rounding of these sums (relative
/// differences of a few units of `Scalar.ulpOfOne` in the gradient).
///
/// Everything is allocated by ``init(model:capacity:workers:)``: a step
/// allocates nothing.
public final class ShardedPass<Scalar: BLASScalar>: @unchecked Sendable {
    /// The persistent threads.
    public let pool: WorkerPool
    /// The largest batch a pass takes.
    public let capacity: Int
    /// Each worker's buffers.
    @usableFromInline let workers: [Worker]

    /// What one worker owns: its workspace (with its gradient), its input
    /// rows and labels, and the results of its last shard.
    @usableFromInline
    final class Worker: @unchecked Sendable {
        @usableFromInline let workspace: Workspace<Scalar>
        @usableFromInline let input: UnsafeMutablePointer<Scalar>
        @usableFromInline var labels: [Int]
        @usableFromInline var loss: Scalar = 0
        @usableFromInline var correct = 0
        @usableFromInline var error: NetworkError?

        init(model: Sequential<Scalar>, rows: Int) {
            workspace = model.makeWorkspace(rows: rows)
            input = .allocate(capacity: rows * model.inputs)
            input.initialize(repeating: 0, count: rows * model.inputs)
            labels = [Int](repeating: 0, count: rows)
        }

        deinit { input.deallocate() }
    }

    /// Buffers for batches of up to `capacity` samples of `model`, split
    /// over `workers` threads.
    public init(model: Sequential<Scalar>, capacity: Int, workers: Int) {
        require(capacity >= 1, "ShardedPass: capacity \(capacity)")
        self.capacity = capacity
        self.pool = WorkerPool(threadCount: workers)
        let rows = (capacity + workers - 1) / workers
        self.workers = (0..<workers).map { _ in Worker(model: model, rows: rows) }
    }

    /// The number of shards a batch is split into.
    @inlinable public var shardCount: Int { workers.count }

    /// The combined gradient of the last ``run(_:on:at:parameters:seed:mode:computesGradient:firstRow:onLayerGradient:)``
    /// that computed one (worker 0's buffer).
    @inlinable public var gradient: [Scalar] { workers[0].workspace.parameterGradient }

    /// Runs `body` on the buffer that ``gradient`` reads, to change it in
    /// place (a reduction across processes).
    @inlinable
    public func withGradient<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows
        -> R
    {
        try workers[0].workspace.withParameterGradient(body)
    }

    /// Evaluates `model` at `parameters` on the samples of `dataset` at
    /// `positions`: the mean loss plus the penalty, the number of samples
    /// classified right, and with `computesGradient` the gradient in
    /// ``gradient``.
    ///
    /// - Parameters:
    ///   - model: the model evaluated; only read.
    ///   - dataset: the samples.
    ///   - positions: the batch's samples, at most ``capacity``.
    ///   - parameters: the weights, in the layout of `model.parameters`.
    ///   - seed: the step's `BatchRandomness` seed (training mode).
    ///   - mode: `.training` (dropout and noise on) or `.inference`.
    ///   - computesGradient: whether to backpropagate into ``gradient``, or
    ///     only compute the loss.
    ///   - firstRow: the index of the batch's first sample in a larger batch
    ///     that other processes share (``Trainer/fit(training:validation:epochs:across:onProgress:onEpoch:)``),
    ///     so that every sample draws the same dropout mask wherever it runs.
    ///   - onLayerGradient: with one shard, called as each dense layer's
    ///     gradient range is complete (`Sequential.forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)`);
    ///     ignored with several shards, whose gradients are complete only
    ///     once combined.
    /// - Throws: the first shard's `NetworkError` (a label out of
    ///   range), in shard order.
    @inlinable
    public func run(
        _ model: Sequential<Scalar>, on dataset: Dataset<Scalar>, at positions: ArraySlice<Int>,
        parameters: UnsafeBufferPointer<Scalar>, seed: UInt64, mode: Mode, computesGradient: Bool,
        firstRow: Int = 0, onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)? = nil
    ) throws(NetworkError) -> (loss: Scalar, correct: Int) {
        let count = positions.count
        require(
            count >= 1 && count <= capacity,
            "ShardedPass: a batch of \(count) samples for a capacity of \(capacity)")
        require(
            dataset.featureCount == model.inputs,
            "ShardedPass: the model takes \(model.inputs) inputs but the data has \(dataset.featureCount) features"
        )
        let (workers, shards) = (self.workers, workers.count)
        // A job, not a closure: posting it allocates nothing (WorkerPool).
        pool.run(
            ShardJob(
                workers: workers, model: model, dataset: dataset, positions: positions,
                parameters: parameters, seed: seed, mode: mode,
                computesGradient: computesGradient, firstRow: firstRow,
                onLayerGradient: shards == 1 ? onLayerGradient : nil))
        var (loss, correct): (Scalar, Int) = (0, 0)
        for (k, worker) in workers.enumerated() {
            let rows = ThreadPlan.shardRange(k, of: count, parts: shards).count
            guard rows > 0 else { continue }
            if let error = worker.error { throw error }
            loss += Scalar(rows) / Scalar(count) * worker.loss
            correct += worker.correct
        }
        if computesGradient && shards > 1 { combineGradients(count: count) }
        return (loss, correct)
    }

    /// The predicted class of every sample of the last ``run(_:on:at:parameters:seed:mode:computesGradient:firstRow:onLayerGradient:)``
    /// of `positions.count` samples, in order, into `classes`.
    @inlinable
    public func predictClasses(
        _ model: Sequential<Scalar>, count: Int, into classes: UnsafeMutableBufferPointer<Int>
    ) {
        for (k, worker) in workers.enumerated() {
            let rows = ThreadPlan.shardRange(k, of: count, parts: workers.count)
            guard !rows.isEmpty else { continue }
            model.predictClasses(
                ofLastPassIn: worker.workspace,
                into: UnsafeMutableBufferPointer(rebasing: classes[rows]))
        }
    }

    /// `g_0 = sum_k (n_k / n) g_k` into worker 0's gradient, each worker
    /// summing one contiguous range of the parameters.
    @usableFromInline
    func combineGradients(count: Int) {
        let workers = self.workers
        // One access to worker 0's buffer, made here; the workers write
        // disjoint ranges of it.
        workers[0].workspace.withParameterGradient { total in
            pool.run(CombineJob(workers: workers, total: total, count: count))
        }
    }

    /// One worker's shard of ``run(_:on:at:parameters:seed:mode:computesGradient:firstRow:onLayerGradient:)``:
    /// gather its rows, check them, forward and backward on its workspace.
    @usableFromInline
    struct ShardJob: WorkerJob {
        @usableFromInline let workers: [Worker]
        @usableFromInline let model: Sequential<Scalar>
        @usableFromInline let dataset: Dataset<Scalar>
        @usableFromInline let positions: ArraySlice<Int>
        @usableFromInline let parameters: UnsafeBufferPointer<Scalar>
        @usableFromInline let seed: UInt64
        @usableFromInline let mode: Mode
        @usableFromInline let computesGradient: Bool
        @usableFromInline let firstRow: Int
        @usableFromInline let onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)?

        @inlinable
        init(
            workers: [Worker], model: Sequential<Scalar>, dataset: Dataset<Scalar>,
            positions: ArraySlice<Int>, parameters: UnsafeBufferPointer<Scalar>, seed: UInt64,
            mode: Mode, computesGradient: Bool, firstRow: Int,
            onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)?
        ) {
            (self.workers, self.model, self.dataset, self.positions) =
                (workers, model, dataset, positions)
            (self.parameters, self.seed, self.mode, self.computesGradient) =
                (parameters, seed, mode, computesGradient)
            (self.firstRow, self.onLayerGradient) = (firstRow, onLayerGradient)
        }

        @inlinable
        func run(worker k: Int) {
            let (count, shards) = (positions.count, workers.count)
            let rows = ThreadPlan.shardRange(k, of: count, parts: shards)
            let worker = workers[k]
            guard !rows.isEmpty else {
                (worker.loss, worker.correct, worker.error) = (0, 0, nil)
                return
            }
            let shard = positions[
                (positions.startIndex + rows.lowerBound)..<(positions.startIndex + rows.upperBound)]
            dataset.gatherFeatures(at: shard, into: worker.input)
            worker.labels.withUnsafeMutableBufferPointer {
                dataset.gatherLabels(at: shard, into: $0.baseAddress!)
            }
            let x = MatrixView(worker.input, rows: rows.count, columns: model.inputs)
            let labels = worker.labels[0..<rows.count]
            let targets = Targets<Scalar>(labels: labels)
            do throws(NetworkError) {
                try model.check(x, targets, nil)
            } catch {
                worker.error = error
                return
            }
            worker.error = nil
            let randomness = BatchRandomness(seed: seed, firstRow: firstRow + rows.lowerBound)
            worker.loss =
                computesGradient
                ? worker.workspace.withParameterGradient { g in
                    model.forwardBackward(
                        x, targets, sampleWeights: nil, mode: mode, randomness: randomness,
                        parameters: parameters, gradient: g, workspace: worker.workspace,
                        onLayerGradient: onLayerGradient)
                }
                : model.forwardBackward(
                    x, targets, sampleWeights: nil, mode: mode, randomness: randomness,
                    parameters: parameters, gradient: nil, workspace: worker.workspace)
            worker.correct = model.correctPredictions(
                ofLastPassIn: worker.workspace, labels: labels)
        }
    }

    /// One worker's range of the parameters in ``combineGradients(count:)``.
    @usableFromInline
    struct CombineJob: WorkerJob {
        @usableFromInline let workers: [Worker]
        @usableFromInline let total: UnsafeMutableBufferPointer<Scalar>
        @usableFromInline let count: Int

        @inlinable
        init(workers: [Worker], total: UnsafeMutableBufferPointer<Scalar>, count: Int) {
            (self.workers, self.total, self.count) = (workers, total, count)
        }

        @inlinable
        func run(worker part: Int) {
            let shards = workers.count
            let range = ThreadPlan.shardRange(part, of: total.count, parts: shards)
            guard !range.isEmpty else { return }
            var target = UnsafeMutableBufferPointer(rebasing: total[range])
            let first = ThreadPlan.shardRange(0, of: count, parts: shards).count
            if first == 0 {
                target.update(repeating: 0)
            } else {
                BLAS.scal(Scalar(first) / Scalar(count), &target)
            }
            for k in 1..<shards {
                let rows = ThreadPlan.shardRange(k, of: count, parts: shards).count
                guard rows > 0 else { continue }
                workers[k].workspace.parameterGradient.withUnsafeBufferPointer { g in
                    BLAS.axpy(
                        Scalar(rows) / Scalar(count), UnsafeBufferPointer(rebasing: g[range]),
                        &target)
                }
            }
        }
    }
}
