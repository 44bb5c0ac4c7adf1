import Datasets
import Network
import Tensor

/// A batch of a data set evaluated in contiguous shards, one per worker, and
/// combined: the data-parallel step of mini-batch training, and the
/// inference passes of evaluation and prediction.
///
/// A step with a gradient runs in two phases, one job each on the pool:
///
/// 1. **Shards of rows.** Worker `k` of `K` takes rows
///    `[k n / K, (k + 1) n / K)` of the batch of `n` samples, gathers them
///    from the data set into its own input buffer
///    (`Dataset.gatherFeatures(at:into:)`), and runs the forward pass, the
///    loss and backpropagation on its own workspace with one BLAS thread
///    (`Sequential.forwardBackpropagate(_:_:sampleWeights:mode:randomness:parameters:workspace:)`).
///    Each dense layer's input `X_k` and output gradient `dZ_k` stay in
///    the workspace.
/// 2. **Parts of the parameters.** Worker `k` then forms its own block of
///    rows of every `dW` (and entries of every `db`) from all the shards
///    (`Sequential.formGradient(part:of:shardCount:shard:parameters:gradient:)`),
///    weighted as one pass over the whole batch would average them:
///
/// ```
/// L = sum_k (W_k / W) L_k + penalty     dW = sum_k (W_k / W) X_k^T dZ_k
/// ```
///
/// with `W_k` the shard's weight (its rows for unweighted data). The
/// flops are those of every worker forming a whole gradient of its own
/// rows, but no worker writes a whole gradient and none is summed
/// afterwards. The shards are added in the order `k = 0, 1, ...`, so a
/// given worker count gives the same bits on every run. Dropout and noise
/// are drawn per sample (`BatchRandomness`), so 1 and `K` workers differ
/// only by the rounding of these sums (relative differences of a few units
/// of `Scalar.ulpOfOne` in the gradient). With one worker the step is one
/// `Sequential.forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)`.
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
        /// The rows of its last shard.
        @usableFromInline var rows = 0
        @usableFromInline var loss: Scalar = 0
        @usableFromInline var correct = 0
        /// The shard's total weight `W_k`: its row count for unweighted
        /// data, the sum of its samples' weights otherwise.
        @usableFromInline var weight: Scalar = 0
        @usableFromInline var error: NetworkError?
        /// The penalty over this worker's part of the parameters, and
        /// whether that part of the gradient is finite, from the last
        /// ``GradientJob``.
        @usableFromInline var penalty: Scalar = 0
        @usableFromInline var gradientIsFinite = true

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

    /// Whether every element of ``gradient`` is finite: as the workers
    /// that formed it by parts found it, or read now for one worker's.
    @inlinable public var lastGradientIsFinite: Bool {
        gradientIsFinite ?? gradient.allFinite()
    }
    /// Set when the workers checked their parts; nil otherwise.
    @usableFromInline var gradientIsFinite: Bool?

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
        for worker in workers where worker.rows > 0 {
            if let error = worker.error { throw error }
            correct += worker.correct
            total += worker.weight
        }
        batchWeight = total
        // The batch's loss is `sum_k (W_k / W) L_k`, each shard's mean
        // `L_k` weighted by its share of the batch's weight; a batch whose
        // weights all vanish has loss and gradient zero.
        for worker in workers where worker.rows > 0 {
            loss += total > 0 ? worker.weight / total * worker.loss : 0
        }
        guard computesGradient else { return (loss, correct) }
        gradientIsFinite = nil
        if total == 0 {
            withGradient { $0.update(repeating: 0) }
        } else if shards > 1 {
            loss += formGradient(model, parameters: parameters, totalWeight: total)
            gradientIsFinite = workers.allSatisfy { $0.gradientIsFinite }
        }
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

    /// The whole batch's gradient into worker 0's buffer, from the shards
    /// that ``ShardJob`` backpropagated, each worker forming one part of it
    /// (`Sequential.formGradient(part:of:shardCount:shard:parameters:gradient:)`:
    /// `g = sum_k (W_k / W) g_k`, `W_k` the shard's weight, its rows for
    /// unweighted data); returns the penalty, the parts' sum.
    @usableFromInline
    func formGradient(
        _ model: Sequential<Scalar>, parameters: UnsafeBufferPointer<Scalar>, totalWeight: Scalar
    ) -> Scalar {
        let workers = self.workers
        // One access to worker 0's buffer, made here; the workers write
        // disjoint parts of it.
        workers[0].workspace.withParameterGradient { gradient in
            pool.run(
                GradientJob(
                    workers: workers, model: model, parameters: parameters, gradient: gradient,
                    totalWeight: totalWeight))
        }
        return workers.reduce(0) { $0 + $1.penalty }
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
            worker.rows = rows.count
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
            if !computesGradient {
                worker.loss = model.forwardBackward(
                    x, targets, sampleWeights: weights, mode: mode, randomness: randomness,
                    parameters: parameters, gradient: nil, workspace: worker.workspace)
            } else if shards > 1 {
                worker.loss = model.forwardBackpropagate(
                    x, targets, sampleWeights: weights, mode: mode, randomness: randomness,
                    parameters: parameters, workspace: worker.workspace)
            } else {
                worker.loss = worker.workspace.withParameterGradient { g in
                    model.forwardBackward(
                        x, targets, sampleWeights: weights, mode: mode, randomness: randomness,
                        parameters: parameters, gradient: g, workspace: worker.workspace,
                        onLayerGradient: onLayerGradient)
                }
            }
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

    /// One worker's part of the parameters in ``formGradient(_:parameters:totalWeight:)``.
    @usableFromInline
    struct GradientJob: WorkerJob {
        @usableFromInline let workers: [Worker]
        @usableFromInline let model: Sequential<Scalar>
        @usableFromInline let parameters: UnsafeBufferPointer<Scalar>
        @usableFromInline let gradient: UnsafeMutableBufferPointer<Scalar>
        @usableFromInline let totalWeight: Scalar

        @inlinable
        init(
            workers: [Worker], model: Sequential<Scalar>, parameters: UnsafeBufferPointer<Scalar>,
            gradient: UnsafeMutableBufferPointer<Scalar>, totalWeight: Scalar
        ) {
            (self.workers, self.model, self.parameters) = (workers, model, parameters)
            (self.gradient, self.totalWeight) = (gradient, totalWeight)
        }

        @inlinable
        func run(worker part: Int) {
            let workers = self.workers
            (workers[part].penalty, workers[part].gradientIsFinite) = model.formGradient(
                part: part, of: workers.count, shardCount: workers.count,
                shard: { k in
                    let worker = workers[k]
                    // An empty shard has weight 0 and is left out.
                    return (
                        MatrixView(worker.input, rows: worker.rows, columns: model.inputs),
                        worker.workspace, worker.weight / totalWeight
                    )
                }, parameters: parameters, gradient: gradient)
        }
    }
}
