import ArgumentParser
import Foundation
import Perceptron

// Turning the text options of `train` into library values, with one clear
// line for each mistake.

extension TrainCommand {
    func hiddenWidths() throws -> [Int] {
        guard !layers.isEmpty else { return [] }
        return try layers.split(separator: ",").map {
            guard let width = Int($0.trimmingCharacters(in: .whitespaces)), width > 0 else {
                throw ValidationError(
                    "--layers: '\($0)' is not a positive integer (expected e.g. 256,128)")
            }
            return width
        }
    }

    func hiddenActivation() throws -> Activation {
        let known: [String: Activation] = [
            "relu": .relu, "leaky-relu": .leakyReLU(), "tanh": .tanh, "sigmoid": .sigmoid,
            "hard-tanh": .hardTanh, "identity": .identity, "sign": .sign,
        ]
        guard let activation = known[activation] else {
            throw ValidationError(
                "--activation: unknown '\(activation)'; expected one of \(known.keys.sorted().joined(separator: ", "))"
            )
        }
        return activation
    }

    func lossFunction() throws -> Loss {
        guard let loss = Loss(rawValue: loss) else {
            throw ValidationError(
                "--loss: unknown '\(loss)'; expected \(Loss.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return loss
    }

    func weightInitializer() throws -> Initializer? {
        let known: [String: Initializer?] = [
            "default": nil, "small": .smallRandom, "xavier": .xavierNormal,
            "xavier-uniform": .xavierUniform, "lecun": .lecunNormal, "he": .he,
        ]
        guard let initializer = known[initializer] else {
            throw ValidationError(
                "--initializer: unknown '\(initializer)'; expected \(known.keys.sorted().joined(separator: ", "))"
            )
        }
        return initializer
    }

    func optimizerConfiguration() throws -> OptimizerConfiguration {
        guard let kind = OptimizerConfiguration.Kind(rawValue: optimizer) else {
            throw ValidationError(
                "--optimizer: unknown '\(optimizer)'; expected \(OptimizerConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if kind.isSecondOrder {
            try checkSecondOrderCombinations(kind)
            return try secondOrder.configuration(kind, batchSize: batchSize)
        }
        try checkFirstOrderOptions(kind)
        if let option = secondOrder.given.first {
            throw ValidationError(
                "\(option) applies to the second-order methods (lbfgs, bfgs, cg, hessian-free, newton), not --optimizer \(optimizer)"
            )
        }
        func numbers(_ text: String, _ option: String) throws -> [Double] {
            try text.split(separator: ":").dropFirst().map {
                guard let value = Double($0) else {
                    throw ValidationError("\(option): '\($0)' is not a number")
                }
                return value
            }
        }
        let parsedSchedule = try Self.parseSchedule(schedule)
        var clipping = OptimizerConfiguration.Clipping.none
        if let clipValue {
            let bounds = try numbers("value:" + clipValue, "--clip-value")
            guard bounds.count == 2, bounds[0] < bounds[1] else {
                throw ValidationError(
                    "--clip-value: '\(clipValue)'; expected MIN:MAX with MIN < MAX")
            }
            clipping = .value(minimum: bounds[0], maximum: bounds[1])
        }
        if let clipNorm {
            guard clipNorm > 0, clipValue == nil else {
                throw ValidationError(
                    "--clip-norm must be positive and cannot be combined with --clip-value")
            }
            clipping = .norm(threshold: clipNorm)
        }
        let values = FirstOrderOptionValues(
            learningRate: learningRate, momentum: momentum, beta1: beta1, beta2: beta2,
            weightDecay: weightDecay, rho: rho, schedule: parsedSchedule, clipping: clipping)
        return values.configuration(kind)
    }

    /// The early-stopping metric; Keras's short names (`val_loss`,
    /// `val_accuracy`; a regression's `val_r2`, `val_mse`, `val_mae`) as
    /// well as the full ones.
    func monitoredMetric() throws -> HistoryMetric {
        let monitor = self.monitor ?? "val_loss"
        guard let metric = HistoryMetric(argument: monitor) else {
            throw ValidationError(
                "--monitor: unknown '\(monitor)'; expected val_loss, val_accuracy, loss or accuracy (a regression: val_r2, val_mse or val_mae in place of the accuracies)"
            )
        }
        return metric
    }

    func averagingKind<Scalar: BLASScalar>(_: Scalar.Type) throws -> PolyakAveraging<Scalar>.Kind? {
        let averaging = averagingSetting
        let parts = averaging.split(separator: ":").map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("none", 1): return nil
        case ("uniform", 1): return .uniform
        case ("geometric", 2), ("exponential", 2):
            guard let beta = Double(parts[1]), beta > 0, beta < 1 else {
                throw ValidationError("--averaging: the decay in '\(averaging)' must be in (0, 1)")
            }
            return parts[0] == "geometric"
                ? .geometric(decay: Scalar(beta)) : .exponential(decay: Scalar(beta))
        default:
            throw ValidationError(
                "--averaging: '\(averaging)'; expected none, uniform, geometric:BETA or exponential:BETA"
            )
        }
    }
}

extension HistoryMetric: ExpressibleByArgument {
    /// Keras's short names (`val_loss`, `val_accuracy`, and `val_r2`,
    /// `val_mse`, `val_mae`) as well as the full ones.
    public init?(argument: String) {
        let aliases = [
            "val_loss": "validation_loss", "val_accuracy": "validation_accuracy",
            "val_acc": "validation_accuracy", "acc": "accuracy", "val_r2": "validation_r2",
            "val_mse": "validation_mse", "val_mae": "validation_mae",
        ]
        self.init(rawValue: aliases[argument] ?? argument)
    }
}
extension OptimizerConfiguration.Kind: ExpressibleByArgument {}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    (ContinuousClock.now - start).inSeconds
}
