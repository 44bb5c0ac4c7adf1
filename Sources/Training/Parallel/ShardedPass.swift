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
        /// The shard's regression targets, `rows x outputWidth`.
        @usableFromInline var targetValues: Matrix<Scalar>
        /// The shard's sample weights (used only for weighted data).
        @usableFromInline var weights: [Scalar]
        @usableFromInline var loss: Scalar = 0
        @usableFromInline var correct = 0
        /// The shard's total weight `W_k`: its row count for unweighted
        /// data, the sum of its samples' weights otherwise.
        @usableFromInline var weight: Scalar = 0
        @usableFromInline var error: NetworkError?

        init(model: Sequential<Scalar>, rows: Int) {
            workspace = model.makeWorkspace(rows: rows)
            input = .allocate(capacity: rows * model.inputs)
            input.initialize(repeating: 0, count: rows * model.inputs)
            labels = [Int](repeating: 0, count: rows)
            targetValues = Matrix(rows: rows, columns: model.outputWidth)
            weights = [Scalar](repeating: 1, count: rows)
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

    /// The total weight `W` of the last ``run(_:on:at:parameters:seed:mode:computesGradient:firstRow:onLayerGradient:)``'s
    /// batch: its sample count for unweighted data, the sum of its samples'
    /// weights otherwise. A mean over several batches weighs each batch's
    /// loss by it.
    @inlinable public var lastBatchWeight: Scalar { batchWeight }
    @usableFromInline var batchWeight: Scalar = 0

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
        firstRow: Int = 0,
        onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)? = nil
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
        var (loss, correct, total): (Scalar, Int, Scalar) = (0, 0, 0)
        for (k, worker) in workers.enumerated() {
            let rows = ThreadPlan.shardRange(k, of: count, parts: shards).count
            guard rows > 0 else { continue }
            if let error = worker.error { throw error }
            correct += worker.correct
            total += worker.weight
        }
        batchWeight = total
        // The batch's loss is `sum_k (W_k / W) L_k`, each shard's mean
        // `L_k` weighted by its share of the batch's weight; a batch whose
        // weights all vanish has loss and gradient zero.
        for (k, worker) in workers.enumerated()
        where ThreadPlan.shardRange(k, of: count, parts: shards).count > 0 {
            loss += total > 0 ? worker.weight / total * worker.loss : 0
        }
        if computesGradient && (shards > 1 || total == 0) { combineGradients(totalWeight: total) }
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

    /// `g_0 = sum_k (W_k / W) g_k` into worker 0's gradient, each worker
    /// summing one contiguous range of the parameters (`W_k = n_k`, the
    /// shard's rows, for unweighted data).
    @usableFromInline
    func combineGradients(totalWeight: Scalar) {
        let workers = self.workers
        // One access to worker 0's buffer, made here; the workers write
        // disjoint ranges of it.
        workers[0].workspace.withParameterGradient { total in
            pool.run(CombineJob(workers: workers, total: total, totalWeight: totalWeight))
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
        @usableFromInline let onLayerGradient:
            ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)?

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
                (worker.loss, worker.correct, worker.weight, worker.error) = (0, 0, 0, nil)
                return
            }
            let shard = positions[
                (positions.startIndex + rows.lowerBound)..<(positions.startIndex + rows.upperBound)]
            dataset.gatherFeatures(at: shard, into: worker.input)
            let x = MatrixView(worker.input, rows: rows.count, columns: model.inputs)
            let targets = gatherTargets(of: shard, into: worker)
            let weights = gatherWeights(of: shard, into: worker)
            let labels = worker.labels[0..<rows.count]
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
                        x, targets, sampleWeights: weights, mode: mode, randomness: randomness,
                        parameters: parameters, gradient: g, workspace: worker.workspace,
                        onLayerGradient: onLayerGradient)
                }
                : model.forwardBackward(
                    x, targets, sampleWeights: weights, mode: mode, randomness: randomness,
                    parameters: parameters, gradient: nil, workspace: worker.workspace)
            worker.correct =
                dataset.isRegression
                ? 0 : model.correctPredictions(ofLastPassIn: worker.workspace, labels: labels)
        }

        /// The shard's labels or regression targets, gathered into the
        /// worker's buffers.
        @inlinable
        func gatherTargets(of shard: ArraySlice<Int>, into worker: Worker) -> Targets<Scalar> {
            guard dataset.isRegression else {
                worker.labels.withUnsafeMutableBufferPointer {
                    dataset.gatherLabels(at: shard, into: $0.baseAddress!)
                }
                return Targets(labels: worker.labels[0..<shard.count])
            }
            require(
                dataset.targetCount == worker.targetValues.columns,
                "ShardedPass: the model has \(worker.targetValues.columns) outputs but the data has \(dataset.targetCount) targets"
            )
            worker.targetValues.withUnsafeMutableScalars {
                dataset.gatherTargetValues(at: shard, into: $0.baseAddress!)
            }
            return Targets(values: worker.targetValues.rows(0..<shard.count))
        }

        /// The shard's sample weights (nil for unweighted data, the common
        /// case, which the loss then skips), and its total weight `W_k`
        /// recorded in the worker. A shard whose weights all vanish is run
        /// unweighted, so that its loss is defined; `W_k = 0` leaves it out
        /// of the batch's loss and gradient.
        @inlinable
        func gatherWeights(of shard: ArraySlice<Int>, into worker: Worker) -> ArraySlice<Scalar>? {
            guard dataset.sampleWeights != nil else {
                worker.weight = Scalar(shard.count)
                return nil
            }
            worker.weights.withUnsafeMutableBufferPointer {
                dataset.gatherSampleWeights(at: shard, into: $0.baseAddress!)
            }
            let weights = worker.weights[0..<shard.count]
            worker.weight = weights.reduce(0, +)
            return worker.weight > 0 ? weights : nil
        }
    }

    /// One worker's range of the parameters in ``combineGradients(count:)``.
    @usableFromInline
    struct CombineJob: WorkerJob {
        @usableFromInline let workers: [Worker]
        @usableFromInline let total: UnsafeMutableBufferPointer<Scalar>
        @usableFromInline let totalWeight: Scalar

        @inlinable
        init(workers: [Worker], total: UnsafeMutableBufferPointer<Scalar>, totalWeight: Scalar) {
            (self.workers, self.total, self.totalWeight) = (workers, total, totalWeight)
        }

        /// Shard `k`'s coefficient `W_k / W` (0 when the batch weighs 0).
        @inlinable
        func share(_ k: Int) -> Scalar { totalWeight > 0 ? workers[k].weight / totalWeight : 0 }

        @inlinable
        func run(worker part: Int) {
            let shards = workers.count
            let range = ThreadPlan.shardRange(part, of: total.count, parts: shards)
            guard !range.isEmpty else { return }
            var target = UnsafeMutableBufferPointer(rebasing: total[range])
            // An empty or weightless shard's buffer holds an older
            // gradient: it is skipped, never scaled by zero.
            if share(0) == 0 {
                target.update(repeating: 0)
            } else {
                BLAS.scal(share(0), &target)
            }
            for k in 1..<shards where share(k) > 0 {
                workers[k].workspace.parameterGradient.withUnsafeBufferPointer { g in
                    BLAS.axpy(share(k), UnsafeBufferPointer(rebasing: g[range]), &target)
                }
            }
        }
    }
}
