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
public struct NetworkObjective<Scalar: BLASScalar>: Objective, Sendable {
    /// The network (its own parameters are not used; see ``parameterCount``).
    public var model: Sequential<Scalar>
    /// The samples, `count x inputs`.
    public let features: Matrix<Scalar>
    /// The class labels.
    public let targets: Targets<Scalar>
    /// Evaluations so far.
    public var evaluations: Int { evaluationCount }
    /// The last data error met (a label out of range); such an evaluation
    /// returns NaN, which minimizers treat as a failed point.
    public var error: NetworkError? { lastError }

    @usableFromInline var evaluationCount = 0
    @usableFromInline var lastError: NetworkError?

    /// The objective of `model` on `dataset`.
    public init(model: Sequential<Scalar>, dataset: Dataset<Scalar>) {
        self.model = model
        self.features = dataset.features
        self.targets = Targets(labels: dataset.labels)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { model.parameterCount }

    // @inlinable: the minimizer's call specializes the whole network pass.
    @inlinable
    public mutating func value(at parameters: some ScalarBuffer<Scalar>) -> Scalar {
        evaluationCount += 1
        do {
            return try model.loss(features, targets, at: parameters)
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
        do {
            return try model.lossAndGradient(
                features, targets, at: parameters, gradient: &gradient, mode: .inference)
        } catch {
            lastError = error
            return .nan
        }
    }
}
