import ArgumentParser
import Perceptron

// How `train`'s options change with a second-order method: other defaults
// for dropout and averaging, and one clear line for an option that does not
// apply.

extension TrainCommand {
    /// Whether `--optimizer` names a second-order method.
    var usesSecondOrderMethod: Bool {
        OptimizerConfiguration.Kind(rawValue: optimizer)?.isSecondOrder ?? false
    }

    /// `--dropout`, or its default: 0.2, or 0 with a second-order method
    /// (which needs a deterministic loss) or on a synthetic 2-D set (whose
    /// small networks it only slows down).
    var dropoutRate: Double {
        dropout ?? (usesSecondOrderMethod || data.source.isSynthetic ? 0 : 0.2)
    }

    /// `--averaging`, or its default: `exponential:0.999`, or `none` with a
    /// second-order method.
    var averagingSetting: String {
        averaging ?? (usesSecondOrderMethod ? "none" : "exponential:0.999")
    }

    /// Refuses the options a second-order method `kind` cannot honour: those
    /// of the first-order rules (its line search chooses every step), and
    /// anything that makes the loss random or averages the weights.
    func checkSecondOrderCombinations(_ kind: OptimizerConfiguration.Kind) throws {
        let name = "--optimizer \(kind.rawValue)"
        let firstOrder: [(String, Bool)] = [
            ("--learning-rate", learningRate != nil), ("--momentum", momentum != nil),
            ("--beta1", beta1 != nil), ("--beta2", beta2 != nil), ("--rho", rho != nil),
            ("--weight-decay", weightDecay != nil),
            ("--schedule", scheduleGiven != nil && schedule != "constant"), ("--clip-value", clipValue != nil),
            ("--clip-norm", clipNorm != nil),
        ]
        if let (option, _) = firstOrder.first(where: \.1) {
            throw ValidationError(
                "\(option) applies to the first-order rules, not \(name): its line search chooses every step"
            )
        }
        if dropoutRate > 0 || inputNoise > 0 {
            let option =
                dropoutRate > 0 ? "--dropout \(dropoutRate)" : "--input-noise \(inputNoise)"
            throw ValidationError(
                "\(option) cannot be used with \(name): a second-order method needs a deterministic loss"
            )
        }
        if averagingSetting != "none" {
            throw ValidationError(
                "--averaging \(averagingSetting) cannot be used with \(name): Polyak averaging is for first-order rules"
            )
        }
    }

    /// The optimizer and its batch for the log line: `adam, batch 128`, or
    /// `lbfgs, history 10, 10 iterations per epoch, full batch`.
    func methodDescription<Scalar>(_ trainer: Trainer<Scalar>, trainingCount: Int) -> String {
        let configuration = trainer.optimizer.configuration
        guard configuration.kind.isSecondOrder else {
            let plan = trainer.trainingPlan(batchRows: min(trainer.batchSize, trainingCount))
            return "\(configuration.kind.rawValue), batch \(trainer.batchSize) in \(plan)"
        }
        let batch = configuration.largeBatchSize(trainingCount: trainingCount)
        let shards = NetworkObjective<Scalar>.automaticThreadCount(
            samples: batch ?? trainingCount, parameters: trainer.model.parameterCount,
            budget: trainer.threadBudget)
        return configuration.summary
            + (trainer.minimizesWithOWLQN ? ", OWL-QN for the L1 penalty" : "")
            + (batch.map { ", batch \($0) drawn every epoch" } ?? ", full batch")
            + (shards > 1 ? " in \(shards) shards, one thread each" : "")
    }
}
