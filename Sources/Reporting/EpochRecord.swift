/// What one training epoch measured: one row of a ``TrainingHistory``.
///
/// Losses and accuracies are means over the epoch's samples (training) or
/// over the validation set; accuracies are fractions in `0...1`. A
/// second-order method's epoch also records its minimizer's figures
/// (``iterations``, ``functionEvaluations``, ``gradientNorm``), and its
/// training loss and accuracy are those of the weights at the epoch's end on
/// the data it minimized over.
public struct EpochRecord: Codable, Equatable, Sendable {
    /// The epoch's number, counting from 1.
    public var epoch: Int
    /// The mean training loss over the epoch.
    public var loss: Double
    /// The fraction of training samples classified correctly during the
    /// epoch.
    public var accuracy: Double
    /// The loss on the validation set after the epoch; `nil` without one.
    public var validationLoss: Double?
    /// The validation accuracy after the epoch; `nil` without a validation
    /// set.
    public var validationAccuracy: Double?
    /// For regression: the validation set's mean squared error, in the
    /// targets' original units, averaged over the outputs
    /// (``RegressionMetrics/meanSquaredError``).
    public var validationMeanSquaredError: Double?
    /// For regression: the validation set's mean absolute error
    /// (``RegressionMetrics/meanAbsoluteError``).
    public var validationMeanAbsoluteError: Double?
    /// For regression: the validation set's R², averaged over the outputs
    /// (``RegressionMetrics/rSquared``).
    public var validationRSquared: Double?
    /// The learning rate the epoch used (its value at the epoch's start
    /// when a schedule changes it within the epoch); for a second-order
    /// method, the step length of the epoch's last iteration (1 for a full
    /// quasi-Newton or Newton step, 0 for a rejected Hessian-free step).
    public var learningRate: Double
    /// Wall-clock seconds the epoch took.
    public var seconds: Double
    /// Training samples processed per second of wall-clock time (for a
    /// second-order method, samples through a forward and backward pass:
    /// function evaluations times the samples of the objective).
    public var samplesPerSecond: Double
    /// Second-order methods: the minimizer's iterations so far, counting
    /// earlier epochs and runs before a resume; `nil` for a first-order rule.
    public var iterations: Int?
    /// Second-order methods: evaluations of the loss and gradient so far
    /// (line-search trials and Hessian products included), counting earlier
    /// epochs and runs; `nil` for a first-order rule.
    public var functionEvaluations: Int?
    /// Second-order methods: the norm of the loss's gradient `||g||_2` at the
    /// end of the epoch; `nil` for a first-order rule.
    public var gradientNorm: Double?

    /// A record with these values; the validation metrics and the minimizer
    /// figures default to `nil`.
    public init(
        epoch: Int, loss: Double, accuracy: Double, validationLoss: Double? = nil,
        validationAccuracy: Double? = nil, learningRate: Double, seconds: Double,
        samplesPerSecond: Double, iterations: Int? = nil, functionEvaluations: Int? = nil,
        gradientNorm: Double? = nil
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.samplesPerSecond = samplesPerSecond
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.gradientNorm = gradientNorm
    }

    /// Whether the record holds a minimizer's figures.
    public var hasMinimizerFigures: Bool {
        iterations != nil || functionEvaluations != nil || gradientNorm != nil
    }

    /// Whether the record carries regression metrics rather than an
    /// accuracy.
    public var hasRegressionMetrics: Bool { validationRSquared != nil }

    /// Whether the epoch trained on real-valued targets (a regression),
    /// whose ``accuracy`` means nothing (it is 0): the trainer sets it, and
    /// a record with regression metrics is one. The summary line, the CSV
    /// history and the plot then show the validation MSE, MAE and R² in
    /// place of the accuracies.
    public var isRegression: Bool {
        get { trainsOnTargets ?? hasRegressionMetrics }
        // Kept only where the metrics do not already say it, so that equal
        // records compare equal however they were made (a CSV row, the
        // trainer).
        set { trainsOnTargets = newValue == hasRegressionMetrics ? nil : newValue }
    }

    /// ``isRegression`` where it differs from ``hasRegressionMetrics`` (a
    /// regression epoch without validation); coded (as `trainsOnTargets`)
    /// only then, so a classification record, and every record of an
    /// earlier checkpoint, codes and reads as before.
    var trainsOnTargets: Bool?

    /// Sets the three regression figures from `metrics`.
    public mutating func recordValidation(_ metrics: RegressionMetrics) {
        validationMeanSquaredError = metrics.meanSquaredError
        validationMeanAbsoluteError = metrics.meanAbsoluteError
        validationRSquared = metrics.rSquared
    }
}
