import Datasets
import Network
import Optimizers
import Tensor

/// The full-batch loss of a network on a data set as an `Objective`
/// of its flat parameter vector, so that every minimizer (L-BFGS, BFGS,
/// nonlinear CG, Hessian-free, Newton) can train it.
///
/// The minimizer owns the parameter vector; the network is evaluated at it
/// directly (`Sequential.lossAndGradient(_:_:at:gradient:sampleWeights:mode:)`),
/// with no copy in or out. Evaluation runs in inference mode: dropout and
/// noise would make the objective random, which line searches cannot
/// handle. The regularization penalty of the model is included.
///
/// On a large enough problem the samples are split into ``threadCount``
/// contiguous shards, evaluated at once on as many persistent threads
/// (a ``WorkerPool``), each with one BLAS thread (see `Shard`): a full batch is data-parallel, and for the
/// narrow products of a small network this pays where OpenBLAS's own
/// threads do not (docs/ARCHITECTURE.md, principle 8). The result is the same mean
/// loss and gradient up to rounding; for a given thread count it is
/// reproducible to the bit. A sharded evaluation runs in a one-thread
/// OpenBLAS section (`BLAS.withThreadCount(_:_:)`).
///
/// Across processes (``init(model:dataset:threads:across:)``) each member
/// holds a share of the samples and an evaluation ends with one
/// ``Communicator/allreduceSum(_:)`` of `[loss, gradient]`, each member's
/// part weighted by its share of the samples: every member gets the same
/// bits, so a minimizer replicated on every member takes the same steps.
public struct NetworkObjective<Scalar: BLASScalar>: Objective, Sendable {
    /// The network (its own parameters are not used; see ``parameterCount``).
    public var model: Sequential<Scalar> { wholeBatch }
    /// The samples, `count x inputs`.
    public let features: Matrix<Scalar>
    /// The class labels, or the regression targets as the dataset reads
    /// them (standardized when it standardizes its targets).
    public let targets: Targets<Scalar>
    /// The sample weights, or nil: the loss is then `sum_i w_i l_i /
    /// sum_i w_i`.
    public let sampleWeights: [Scalar]?
    /// The number of threads an evaluation runs on, each on its own shard of
    /// the samples.
    public var threadCount: Int { max(1, shards.count) }
    /// The samples one evaluation covers: ``features``' rows, or across a
    /// group every member's.
    public private(set) var sampleCount: Int
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
    /// The members whose shares make up the whole objective, or nil.
    @usableFromInline var group: (any Communicator)?
    /// This member's share of the samples, `n_member / n`: the weight of
    /// its mean loss and gradient in the sum.
    @usableFromInline var shareWeight: Scalar = 1
    /// This member's total sample weight `W` (its sample count for
    /// unweighted data).
    @usableFromInline var totalWeight: Scalar
    /// `[loss, gradient]`, summed across ``group``.
    @usableFromInline var reduction: [Scalar] = []

    /// The objective of `model` on `dataset`, evaluated on `threads` threads,
    /// or, if nil, on as many as ``automaticThreadCount(samples:parameters:budget:)``
    /// finds worthwhile.
    public init(model: Sequential<Scalar>, dataset: Dataset<Scalar>, threads: Int? = nil) {
        require(threads ?? 1 >= 1, "NetworkObjective: \(threads ?? 0) threads")
        self.wholeBatch = model
        self.features = dataset.features
        let targets =
            dataset.isRegression
            ? Targets(values: dataset.targetValues) : Targets<Scalar>(labels: dataset.labels)
        self.targets = targets
        self.sampleWeights = dataset.sampleWeights
        self.totalWeight = dataset.sampleWeights.map { $0.reduce(0, +) } ?? Scalar(dataset.count)
        self.sampleCount = dataset.count
        let count =
            min(
                threads
                    ?? Self.automaticThreadCount(
                        samples: dataset.count, parameters: model.parameterCount),
                dataset.count)
        shards =
            count > 1
            ? ThreadPlan.split(dataset.count, into: count).map {
                Shard(
                    model: model, rows: $0, targets: targets.samples($0),
                    sampleWeights: dataset.sampleWeights?[$0])
            } : []
        pool = WorkerPool(threadCount: max(1, shards.count))
    }

    /// The threads worth using on a full batch of `samples` for a network
    /// of `parameters` weights and biases, at most `budget` (by default
    /// `BLAS.threadCount`, the process's thread count; `--threads`
    /// on the command line): the shards of ``ThreadPlan/training(rows:parameters:budget:)``,
    /// the rule every pass of the package follows.
    /// The objective whose samples are the union of every member's
    /// `share`: the mean loss over all of them,
    ///
    ///     L = sum_m (n_m / n) L_m,   n = sum_m n_m,
    ///
    /// with `L_m` this member's mean over its `n_m` samples, and likewise
    /// the gradient. Every member must construct it (one reduction finds
    /// `n`) and evaluate it at the same points: a minimizer replicated on
    /// every member does.
    public init(
        model: Sequential<Scalar>, dataset share: Dataset<Scalar>, threads: Int? = nil,
        across group: any Communicator
    ) throws {
        self.init(model: model, dataset: share, threads: threads)
        let totals = try group.allreduceSum([Double(share.count), Double(totalWeight)])
        self.group = group
        sampleCount = Int(totals[0])
        shareWeight = totals[1] > 0 ? Scalar(Double(totalWeight) / totals[1]) : 0
        reduction = [Scalar](repeating: 0, count: model.parameterCount + 1)
    }

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
        let value = shareValue(at: parameters)
        guard group != nil else { return value }
        return sumAcrossGroup(value, gradient: nil)
    }

    /// The mean loss over this member's samples.
    @inlinable
    mutating func shareValue(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        guard features.rows > 0 else { return 0 }  // an empty share weighs nothing
        guard shards.isEmpty else { return evaluateShards(at: parameters, gradient: nil) }
        do {
            return try wholeBatch.loss(
                features, targets, at: parameters, sampleWeights: sampleWeights?[...])
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
        let value = shareValueAndGradient(at: parameters, gradient: &gradient)
        guard group != nil else { return value }
        return gradient.withUnsafeMutableScalars { sumAcrossGroup(value, gradient: $0) }
    }

    /// The mean loss and its gradient over this member's samples.
    @inlinable
    mutating func shareValueAndGradient(
        at parameters: some ScalarBuffer<Scalar>, gradient: inout some MutableScalarBuffer<Scalar>
    ) -> Scalar {
        guard features.rows > 0 else {  // an empty share weighs nothing
            gradient.withUnsafeMutableScalars { $0.update(repeating: 0) }
            return 0
        }
        guard shards.isEmpty else {
            return gradient.withUnsafeMutableScalars {
                evaluateShards(at: parameters, gradient: $0)
            }
        }
        do {
            return try wholeBatch.lossAndGradient(
                features, targets, at: parameters, gradient: &gradient,
                sampleWeights: sampleWeights?[...], mode: .inference)
        } catch {
            lastError = error
            return .nan
        }
    }
}

extension NetworkObjective {
    /// Whether this objective gives, at `run`'s point, exactly the gradient
    /// the run remembers: the same training set and thread count, so that
    /// the run may continue on it. A run carried over to other data would
    /// compare its line search against a value that is not this loss's.
    /// Costs one evaluation, which the run does not count.
    mutating func reproduces<Run: MinimizationRun<Scalar>>(_ run: Run) -> Bool {
        var gradient = [Scalar](repeating: 0, count: parameterCount)
        _ = valueAndGradient(at: run.point, gradient: &gradient)
        return error == nil && gradient == run.gradient
    }
}
