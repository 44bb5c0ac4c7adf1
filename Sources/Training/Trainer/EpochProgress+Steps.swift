import Reporting

/// An epoch's running sums as its steps go by.
extension EpochProgress {
    /// Counts a step of `rows` samples with mean loss `step.loss` and
    /// `step.correct` right, of `globalRows` across a group (`rows` alone).
    mutating func add<Scalar: BinaryFloatingPoint>(
        _ step: (loss: Scalar, correct: Int), rows: Int, globalRows: Int? = nil
    ) {
        steps += 1
        samples += globalRows ?? rows
        correct += step.correct
        lossSum += Double(step.loss) * Double(rows)
    }

    /// The progress to report after a step, with `epochs` the epoch
    /// training runs to.
    func report(epochs: Int) -> TrainingProgress {
        TrainingProgress(
            epoch: epoch, epochs: epochs, samples: samples, totalSamples: sampleCount,
            loss: lossSum / Double(Swift.max(samples, 1)),
            accuracy: Double(correct) / Double(Swift.max(samples, 1)), seconds: seconds)
    }

    /// The record of the finished epoch, which took `seconds`.
    func record(seconds: Double) -> EpochRecord {
        EpochRecord(
            epoch: epoch, loss: lossSum / Double(Swift.max(samples, 1)),
            accuracy: Double(correct) / Double(Swift.max(samples, 1)),
            learningRate: learningRate, seconds: seconds,
            samplesPerSecond: Double(samples) / Swift.max(seconds, 1e-9))
    }
}
