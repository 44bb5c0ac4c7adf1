import Tensor

/// Everything about a minimization run, as scipy's `OptimizeResult` tells
/// it (`x, fun, jac, nit, nfev, njev, status, message`), typed.
public struct MinimizationResult<Scalar: BLASScalar>: Sendable {
    /// The final (best) point `x`.
    public var parameters: [Scalar]
    /// `f(x)`.
    public var value: Scalar
    /// `grad f(x)`.
    public var gradient: [Scalar]
    /// `||grad f(x)||_2`.
    public var gradientNorm: Scalar
    /// Iterations (outer steps) taken.
    public var iterations: Int
    /// Evaluations of `f` (with or without the gradient).
    public var functionEvaluations: Int
    /// Evaluations of the gradient.
    public var gradientEvaluations: Int
    /// How the run ended.
    public var status: MinimizationStatus

    /// A result from its parts.
    public init(
        parameters: [Scalar], value: Scalar, gradient: [Scalar], gradientNorm: Scalar,
        iterations: Int, functionEvaluations: Int, gradientEvaluations: Int,
        status: MinimizationStatus
    ) {
        self.parameters = parameters
        self.value = value
        self.gradient = gradient
        self.gradientNorm = gradientNorm
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.gradientEvaluations = gradientEvaluations
        self.status = status
    }

    /// Whether the run converged.
    public var converged: Bool { status.converged }
    /// ``MinimizationStatus/sentence``.
    public var message: String { status.sentence }
}

/// What an iteration callback sees after each iteration.
public struct IterationReport<Scalar: BLASScalar>: Sendable {
    /// The iteration just finished, from 1.
    public var iteration: Int
    /// `f` at the current point.
    public var value: Scalar
    /// `||grad f||` at the current point.
    public var gradientNorm: Scalar
    /// The step length the line search accepted (1 for a full step).
    public var stepLength: Scalar
    /// Function evaluations so far.
    public var functionEvaluations: Int
    /// The current point (the iterate after this iteration), shared with the
    /// minimizer rather than copied: read it or copy it during the callback
    /// (how a trainer checkpoints a network mid-run); keeping it longer makes
    /// the minimizer copy its buffer when it next writes it.
    public var parameters: [Scalar]

    /// A report from its parts; `parameters` defaults to empty.
    public init(
        iteration: Int, value: Scalar, gradientNorm: Scalar, stepLength: Scalar,
        functionEvaluations: Int, parameters: [Scalar] = []
    ) {
        self.iteration = iteration
        self.value = value
        self.gradientNorm = gradientNorm
        self.stepLength = stepLength
        self.functionEvaluations = functionEvaluations
        self.parameters = parameters
    }
}

/// What an iteration callback returns.
public enum IterationControl: Sendable {
    /// Go on.
    case proceed
    /// Stop now; the result's status is ``MinimizationStatus/stoppedByCallback``.
    case stop
}
