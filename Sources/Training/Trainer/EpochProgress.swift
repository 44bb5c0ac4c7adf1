import Tensor

/// Where a first-order epoch stopped when a ``StopRequest`` ended training
/// in its middle: enough for the next `fit` (after a checkpoint and a
/// resume, or on the same trainer) to finish the epoch exactly as an
/// uninterrupted run would have.
///
/// The order of an epoch is drawn from ``Trainer/generator`` when the epoch
/// begins, so keeping the generator's state from that moment
/// (``generatorAtStart``) replaces keeping the order: the resumed epoch
/// draws it again, skips the ``samples`` already trained on, and goes on
/// with the rest. The model's own generator (dropout, noise), the
/// optimizer's state and the average are saved as they stand at the stop,
/// like after any step. The epoch's running sums (``lossSum``,
/// ``correct``) complete its record.
///
/// The epoch continues exactly when the training set has the same
/// ``sampleCount`` samples and, across a group of processes, the same
/// ``members`` and ``batchSize`` (one process may change the batch size:
/// the rest of the order is cut into batches of the new size). Otherwise
/// the epoch starts again from its beginning with the same order, after the
/// updates already made: correct, but not what the uninterrupted run would
/// have done.
public struct EpochProgress: Codable, Equatable, Sendable {
    /// The epoch that stopped, from 1: ``Trainer/epochsCompleted`` + 1.
    public var epoch: Int
    /// The four words of ``Trainer/generator``'s state when the epoch
    /// began, before it drew the epoch's order.
    public var generatorAtStart: [UInt64]
    /// The steps the epoch has taken.
    public var steps: Int
    /// The samples of the epoch's order already trained on: this
    /// process's, or every member's of a group.
    public var samples: Int
    /// The samples the epoch is over: the training set's, or every
    /// member's share together.
    public var sampleCount: Int
    /// The processes (or threads) of the group that trained, 1 alone.
    public var members: Int
    /// The batch size of the steps taken.
    public var batchSize: Int
    /// The sum of the steps' mean losses, each times its samples.
    public var lossSum: Double
    /// The samples classified right so far.
    public var correct: Int
    /// The learning rate when the epoch began, which its record reports.
    public var learningRate: Double
    /// The seconds spent in the epoch so far.
    public var seconds: Double

    /// A sentence for the user: "in epoch 4 after 120 steps (15,360 of
    /// 54,000 samples)".
    public var sentence: String {
        "in epoch \(epoch) after \(steps) step\(steps == 1 ? "" : "s") (\(samples) of \(sampleCount) samples)"
    }

    /// Why these values cannot be a stopped epoch following
    /// `epochsCompleted` epochs, or nil when they can.
    func problem(epochsCompleted: Int) -> String? {
        if epoch != epochsCompleted + 1 {
            return "the epoch in progress is \(epoch), but \(epochsCompleted) epochs are complete"
        }
        if generatorAtStart.count != 4 || generatorAtStart.allSatisfy({ $0 == 0 }) {
            return "the epoch in progress has no valid generator state (4 words, not all zero)"
        }
        if steps < 1 || samples < 1 || samples >= sampleCount || members < 1 || batchSize < 1 {
            return "the epoch in progress has counts out of range (\(steps) steps, \(samples) of \(sampleCount) samples, \(members) members, batch size \(batchSize))"
        }
        if !(0...samples).contains(correct) || !lossSum.isFinite || !learningRate.isFinite
            || !(seconds.isFinite && seconds >= 0)
        {
            return "the epoch in progress has sums out of range"
        }
        return nil
    }
}
