/// What one training epoch measured: one row of a ``TrainingHistory``.
///
/// Losses and accuracies are means over the epoch's samples (training) or
/// over the validation set; accuracies are fractions in `0...1`.
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
    /// The learning rate the epoch used (its value at the epoch's start
    /// when a schedule changes it within the epoch).
    public var learningRate: Double
    /// Wall-clock seconds the epoch took.
    public var seconds: Double
    /// Training samples processed per second of wall-clock time.
    public var samplesPerSecond: Double

    /// A record with these values; the validation metrics default to `nil`.
    public init(
        epoch: Int, loss: Double, accuracy: Double, validationLoss: Double? = nil,
        validationAccuracy: Double? = nil, learningRate: Double, seconds: Double,
        samplesPerSecond: Double
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
        self.samplesPerSecond = samplesPerSecond
    }
}
