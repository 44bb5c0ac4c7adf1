/// Where a second-order epoch stopped when a ``StopRequest`` ended training
/// after one of its iterations: the iterations and evaluations the epoch
/// had taken and its seconds. With the run itself
/// (``Trainer/minimizerRun``), saved beside it, the next `fit` finishes the
/// epoch as an uninterrupted run would have: the same iterates, the same
/// epoch boundaries, the same record.
///
/// A large-batch L-BFGS also keeps ``generatorAtStart``, so that the
/// resumed epoch draws the same batch. When the run cannot continue (it
/// does not fit the model's weights or the training set any more), the
/// epoch starts again with a new run.
public struct MinimizerEpochProgress: Codable, Equatable, Sendable {
    /// The epoch that stopped, from 1: ``Trainer/epochsCompleted`` + 1.
    public var epoch: Int
    /// The iterations the epoch has taken.
    public var iterations: Int
    /// The evaluations of the loss those iterations made.
    public var functionEvaluations: Int
    /// The seconds spent in the epoch so far.
    public var seconds: Double
    /// For a large-batch L-BFGS, the four words of ``Trainer/generator``'s
    /// state when the epoch began, before it drew the epoch's batch; `nil`
    /// on the whole training set.
    public var generatorAtStart: [UInt64]?

    /// A sentence for the user: "in epoch 4 after 7 iterations".
    public var sentence: String {
        "in epoch \(epoch) after \(iterations) iteration\(iterations == 1 ? "" : "s")"
    }

    /// Why these values cannot be a stopped epoch following
    /// `epochsCompleted` epochs of a run that has taken `runIterations`
    /// iterations, or nil when they can.
    func problem(epochsCompleted: Int, runIterations: Int?) -> String? {
        if epoch != epochsCompleted + 1 {
            return "the epoch in progress is \(epoch), but \(epochsCompleted) epochs are complete"
        }
        guard let runIterations else {
            return "the epoch in progress has no minimizer run to continue"
        }
        if iterations < 1 || iterations > runIterations || functionEvaluations < 0
            || !(seconds.isFinite && seconds >= 0)
        {
            return
                "the epoch in progress has counts out of range (\(iterations) iterations of a run of \(runIterations), \(functionEvaluations) evaluations)"
        }
        if let words = generatorAtStart, words.count != 4 || words.allSatisfy({ $0 == 0 }) {
            return "the epoch in progress has no valid generator state (4 words, not all zero)"
        }
        return nil
    }
}
