import Tensor

/// Stopping on request (``StopRequest``) and continuing a stopped epoch.
extension Trainer {
    /// How many steps members of a group take between agreeing on whether
    /// to stop: every member must stop after the same step, so they sum
    /// their requests (one number), and doing it every step would add a
    /// round trip to each.
    static var stopAgreementInterval: Int { 8 }

    /// Where a stop request left the epoch after ``epochsCompleted``, in
    /// words ("in epoch 4 after 120 steps (15,360 of 54,000 samples)", "in
    /// epoch 2 after 7 iterations"); `nil` when no epoch is in progress.
    public var stoppedEpochSentence: String? {
        epochInProgress?.sentence ?? minimizerEpochInProgress?.sentence
    }

    /// Whether to stop now: ``stopRequest`` is made on this process or,
    /// across `group`, on any member (every member calls this at the same
    /// points, so they agree). Sets ``stoppedOnRequest`` when true.
    mutating func stopIsAgreed(across group: (any Communicator)?) throws -> Bool {
        let requested = stopRequest?.isRequested == true
        let stops = try group.map { try $0.allreduceSum([requested ? 1 : 0])[0] > 0 } ?? requested
        if stops { stoppedOnRequest = true }
        return stops
    }

    /// Begins the epoch after ``epochsCompleted``, over `sampleCount`
    /// samples on `members` members: continues ``epochInProgress`` when it
    /// is that epoch and it can continue exactly (see ``EpochProgress``),
    /// with ``generator`` back at the epoch's start; otherwise starts a new
    /// epoch (after putting the generator back, for a stopped epoch that
    /// cannot continue, so that it is drawn again in the same order).
    mutating func beginEpoch(sampleCount: Int, members: Int) -> EpochProgress {
        defer { epochInProgress = nil }
        if var stopped = epochInProgress, stopped.epoch == epochsCompleted + 1 {
            generator = Xoshiro256StarStar(state: stopped.generatorAtStart)
            if stopped.sampleCount == sampleCount, stopped.members == members,
                members == 1 || stopped.batchSize == batchSize
            {
                stopped.batchSize = batchSize
                return stopped
            }
        }
        return EpochProgress(
            epoch: epochsCompleted + 1, generatorAtStart: generator.state, steps: 0, samples: 0,
            sampleCount: sampleCount, members: members, batchSize: batchSize, lossSum: 0,
            correct: 0, learningRate: Double(optimizer.currentLearningRate), seconds: 0)
    }
}
