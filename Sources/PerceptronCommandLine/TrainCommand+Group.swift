import Foundation
import Perceptron

extension TrainCommand {
    /// `counts` summed over the processes of `group` (themselves without
    /// one), in one reduction.
    func globalCounts(_ counts: [Int], across group: (any Communicator)?) throws -> [Int] {
        guard let group else { return counts }
        return try group.allreduceSum(counts.map(Double.init)).map { Int($0) }
    }

    /// The confusion matrix of `test`, or of every process's share of it:
    /// each process counts its share and the counts are summed.
    func confusionMatrix<Scalar: BLASScalar>(
        trainer: inout Trainer<Scalar>, test: Dataset<Scalar>, across group: (any Communicator)?
    ) throws -> ConfusionMatrix {
        let local = try ConfusionMatrix(
            predicted: trainer.predictClasses(test), actual: test.labels,
            classCount: trainer.model.classCount)
        guard let group else { return local }
        let k = local.classCount
        let sums = try globalCounts(Array(local.counts.joined()), across: group)
        return try ConfusionMatrix(counts: (0..<k).map { Array(sums[($0 * k)..<($0 * k + k)]) })
    }
}

extension CommunicationTime {
    /// "communication: 0.42 ms a step starting and advancing reductions
    /// during the pass, 0.31 ms waiting after it, 0.25 ms sending the
    /// updated parameters (844 steps)".
    var summary: String {
        let steps = Double(Swift.max(steps, 1))
        return String(
            format:
                "communication: %.3f ms a step starting and advancing reductions during the pass, %.3f ms waiting after it, %.3f ms sending the updated parameters (%d steps)",
            1000 * passSeconds / steps, 1000 * waitSeconds / steps, 1000 * gatherSeconds / steps,
            self.steps)
    }
}
