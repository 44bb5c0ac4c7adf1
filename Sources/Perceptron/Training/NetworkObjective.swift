import Datasets
import Network
import Optimizers
import Tensor

/// The full-batch loss of a network on a data set as an ``Optimizers/Objective``
/// of its flat parameter vector, so that every minimizer (L-BFGS, BFGS,
/// nonlinear CG, Hessian-free, Newton) can train it.
///
/// The minimizer owns the parameter vector; the network is evaluated at it
/// directly (``Network/Sequential/lossAndGradient(_:_:at:gradient:sampleWeights:mode:)``),
/// with no copy in or out. Evaluation runs in inference mode: dropout and
/// noise would make the objective random, which line searches cannot
/// handle. The regularization penalty of the model is included.
///
/// On a large enough problem the samples are split into ``threadCount``
/// contiguous shards, evaluated at once on as many persistent threads
/// (a ``WorkerPool``), each with one BLAS thread (see ``Shard``): a full batch is data-parallel, and for the
/// narrow products of a small network this pays where OpenBLAS's own
/// threads do not (docs/ARCHITECTURE.md, principle 8). The result is the same mean
/// loss and gradient up to rounding; for a given thread count it is
/// reproducible to the bit. OpenBLAS's thread count is process-wide: while a
/// sharded evaluation runs, ``Tensor/BLAS/threadCount`` is 1, and it is
/// restored afterwards.
public struct NetworkObjective<Scalar: BLASScalar>: Objective, Sendable {
    /// The network (its own parameters are not used; see ``parameterCount``).
    public var model: Sequential<Scalar> { wholeBatch }
    /// The samples, `count x inputs`.
    public let features: Matrix<Scalar>
    /// The class labels.
    public let targets: Targets<Scalar>
    /// The number of threads an evaluation runs on, each on its own shard of
    /// the samples.
    public var threadCount: Int { max(1, shards.count) }
    /// Evaluations so far.
    public var evaluations: Int { evaluationCount }
    /// The last data error met (a label out of range); such an evaluation
    /// returns NaN, which minimizers treat as a failed point.
    public var error: NetworkError? { lastError }

    /// The model that evaluates the whole batch on one thread.
    @usableFromInline var wholeBatch: Sequential<Scalar>
    /// With more than one thread, the shards (empty otherwise).
    @usableFromInline var shards: [Shard]
    /// One persistent worker per shard (the same ``WorkerPool`` as the
    /// mini-batch step's), or a pool of one.
    @usableFromInline let pool: WorkerPool
    @usableFromInline var evaluationCount = 0
    @usableFromInline var lastError: NetworkError?

    /// The objective of `model` on `dataset`, evaluated on `threads` threads,
    /// or, if nil, on as many as ``automaticThreadCount(samples:parameters:budget:)``
    /// finds worthwhile.
    public init(model: Sequential<Scalar>, dataset: Dataset<Scalar>, threads: Int? = nil) {
        precondition(threads ?? 1 >= 1, "NetworkObjective: \(threads ?? 0) threads")
        self.wholeBatch = model
        self.features = dataset.features
        self.targets = Targets(labels: dataset.labels)
        let count =
            min(
                threads
                    ?? Self.automaticThreadCount(
                        samples: dataset.count, parameters: model.parameterCount),
                dataset.count)
        shards =
            count > 1
            ? ThreadPlan.split(dataset.count, into: count).map {
                Shard(model: model, rows: $0, labels: dataset.labels[$0])
            } : []
        pool = WorkerPool(threadCount: max(1, shards.count))
    }

    /// The threads worth using on a full batch of `samples` for a network
    /// of `parameters` weights and biases, at most `budget` (by default
    /// ``Tensor/BLAS/threadCount``, the process's thread count; `--threads`
    /// on the command line): the shards of ``ThreadPlan/training(rows:parameters:budget:)``,
    /// the rule every pass of the package follows.
    public static func automaticThreadCount(
        samples: Int, parameters: Int, budget: Int = BLAS.threadCount
    ) -> Int {
        ThreadPlan.training(rows: samples, parameters: parameters, budget: budget).shards
    }

    /// The number of weights and biases.
    public var parameterCount: Int { model.parameterCount }

    // @inlinable: the minimizer's call specializes the whole network pass.
    @inlinable
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        evaluationCount += 1
        guard shards.isEmpty else { return evaluateShards(at: parameters, gradient: nil) }
        do {
            return try wholeBatch.loss(features, targets, at: parameters)
        } catch {
            lastError = error
            return .nan
        }
    }

    @inlinable
    public mutating func valueAndGradient(
        at parameters: some ScalarBuffer<Scalar>, gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        evaluationCount += 1
        guard shards.isEmpty else {
            return gradient.withUnsafeMutableScalars {
                evaluateShards(at: parameters, gradient: $0)
            }
        }
        do {
            return try wholeBatch.lossAndGradient(
                features, targets, at: parameters, gradient: &gradient, mode: .inference)
        } catch {
            lastError = error
            return .nan
        }
    }
}
