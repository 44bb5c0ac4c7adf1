import Foundation
import Perceptron

extension TrainCommand {
    /// `count` summed over the processes of `group` (itself without one).
    func globalCount(_ count: Int, across group: (any Communicator)?) throws -> Int {
        guard let group else { return count }
        return Int(try group.allreduceSum([Double(count)])[0])
    }

    /// The confusion matrix of `test`, or of every process's share of it:
    /// each process counts its share and the counts are summed.
    func confusionMatrix<Scalar: BLASScalar>(
        trainer: inout Trainer<Scalar>, test: Dataset<Scalar>, across group: (any Communicator)?
    ) throws -> ConfusionMatrix {
        let local = try ConfusionMatrix(
            predicted: trainer.predictClasses(test), actual: test.labels,
            classCount: test.classCount)
        guard let group else { return local }
        let sums = try group.allreduceSum(local.counts.flatMap { $0.map(Double.init) })
        var confusion = ConfusionMatrix(classCount: test.classCount)
        for actual in 0..<test.classCount {
            for predicted in 0..<test.classCount {
                for _ in 0..<Int(sums[actual * test.classCount + predicted]) {
                    try confusion.record(predicted: predicted, actual: actual)
                }
            }
        }
        return confusion
    }
}

extension CommunicationTime {
    /// "communication: 0.42 ms a step in reductions started during the
    /// pass, 0.31 ms waiting after it".
    var summary: String {
        let steps = Double(Swift.max(steps, 1))
        return String(
            format:
                "communication: %.3f ms a step starting and advancing reductions during the pass, %.3f ms waiting after it (%d steps)",
            1000 * passSeconds / steps, 1000 * waitSeconds / steps, self.steps)
    }
}
