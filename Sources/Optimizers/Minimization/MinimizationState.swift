import Tensor

/// What a minimizer remembers between iterations besides the iterate: the
/// L-BFGS pairs, the BFGS matrix, the previous CG direction, the
/// Hessian-free damping. Saving it is what makes a resumed run continue
/// exactly.
public protocol MinimizerMemory: Codable, Sendable {
    /// Why this memory cannot belong to a run on `parameterCount`
    /// parameters (wrong lengths, an index out of range), or `nil`: a
    /// checkpoint's check before it trusts decoded memory.
    func problem(parameterCount: Int) -> String?
}

/// A minimization run between two iterations: the iterate and what was
/// measured there, the counts, the method's ``MinimizerMemory``, and the
/// status once the run has ended.
///
/// `Codable`: a run saved after `k` iterations and decoded again continues
/// with the same iterates, to the bit, as one that was never interrupted.
/// Vectors are ``StoredAsTensor``, so a checkpoint keeps them as tensors.
public struct MinimizationState<Scalar: BLASScalar, Memory: MinimizerMemory>: Codable, Sendable {
    /// The iterate `x`, the best point seen.
    @StoredAsTensor public var point: [Scalar]
    /// `f(x)` (with a penalty, the penalized value).
    public var value: Scalar
    /// `grad f(x)` of the smooth part.
    @StoredAsTensor public var gradient: [Scalar]
    /// The norm the convergence test reads: `||grad f(x)||_2`, or the
    /// method's own measure of stationarity (OWL-QN's pseudo-gradient,
    /// L-BFGS-B's projected gradient).
    public var gradientNorm: Scalar
    /// The value before the last iteration (at the start, `f + ||g|| / 2`,
    /// which sizes the first trial step as scipy does).
    public var previousValue: Scalar
    /// The step length the last iteration accepted (0 when it rejected its
    /// step and stayed).
    public var stepLength: Scalar
    /// Iterations completed.
    public var iterations: Int
    /// Evaluations of `f` so far.
    public var functionEvaluations: Int
    /// Evaluations of the gradient so far.
    public var gradientEvaluations: Int
    /// How the run ended; `nil` while it can go on.
    public var status: MinimizationStatus?
    /// The method's memory.
    public var memory: Memory

    /// A run at `point`, where one evaluation gave `value` and `gradient`,
    /// with `memory` fresh; `gradientNorm` defaults to `||gradient||_2`.
    @inlinable
    public init(
        point: [Scalar], value: Scalar, gradient: [Scalar], gradientNorm: Scalar? = nil,
        memory: Memory
    ) {
        self.point = point
        self.value = value
        self.gradient = gradient
        self.gradientNorm = gradientNorm ?? BLAS.nrm2(gradient)
        self.previousValue = value + self.gradientNorm / 2
        self.stepLength = 0
        self.iterations = 0
        self.functionEvaluations = 1
        self.gradientEvaluations = 1
        self.memory = memory
    }

    /// Counts `count` evaluations of `f` with its gradient.
    @inlinable
    public mutating func countEvaluations(_ count: Int = 1) {
        functionEvaluations += count
        gradientEvaluations += count
    }

    /// What a callback sees after an iteration.
    @inlinable
    public var report: IterationReport<Scalar> {
        IterationReport(
            iteration: iterations, value: value, gradientNorm: gradientNorm,
            stepLength: stepLength, functionEvaluations: functionEvaluations, parameters: point)
    }

    /// The run as a result; a run that has not ended reads as stopped by
    /// its callback.
    @inlinable
    public var result: MinimizationResult<Scalar> {
        MinimizationResult(
            parameters: point, value: value, gradient: gradient, gradientNorm: gradientNorm,
            iterations: iterations, functionEvaluations: functionEvaluations,
            gradientEvaluations: gradientEvaluations, status: status ?? .stoppedByCallback)
    }

    /// Why this state cannot belong to a run on `parameterCount` parameters,
    /// or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        if point.count != n || gradient.count != n {
            return
                "the point and gradient have \(point.count) and \(gradient.count) values for \(n) parameters"
        }
        if iterations < 0 || functionEvaluations < 0 || gradientEvaluations < 0 {
            return "a negative count"
        }
        return memory.problem(parameterCount: n)
    }
}

/// A ``MinimizationState`` of any method, for a holder that does not know
/// the method's type: a trainer keeping a run between two `fit` calls, a
/// checkpoint saving it.
public protocol MinimizationRun<Scalar>: Codable, Sendable {
    /// The floating-point type.
    associatedtype Scalar: BLASScalar
    /// The iterate.
    var point: [Scalar] { get }
    /// The gradient at the iterate (of the smooth part, with a penalty).
    var gradient: [Scalar] { get }
    /// How the run ended; `nil` while it can go on.
    var status: MinimizationStatus? { get }
    /// Iterations completed.
    var iterations: Int { get }
    /// Evaluations of `f` so far.
    var functionEvaluations: Int { get }
    /// Why the run cannot belong to a problem of `parameterCount`
    /// parameters, or `nil`.
    func problem(parameterCount: Int) -> String?
}

extension MinimizationState: MinimizationRun {}
