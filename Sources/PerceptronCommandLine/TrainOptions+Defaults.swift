// The values in effect for `train`'s options that are optional so that a
// resumed run can tell given from default (TrainCommand+Resume.swift).

extension TrainCommand {
    /// `--layers`, or 512,256; 32,32 for a synthetic 2-D set, which such
    /// wide layers only slow down.
    var layers: String { layersGiven ?? (data.source.isSynthetic ? "32,32" : "512,256") }
    var activation: String { activationGiven ?? "relu" }
    /// `--loss`, or mse when `--target-columns` names regression targets,
    /// otherwise cross-entropy.
    var loss: String { lossGiven ?? (data.targetColumns != nil ? "mse" : "cross-entropy") }
    var initializer: String { initializerGiven ?? "default" }
    /// `--optimizer`, or its default: L-BFGS on the full batch for a
    /// regression under the mean squared error (a smooth loss; the advice
    /// scikit-learn gives for small data sets, where Adam's few updates per
    /// epoch leave a regressor far from fitted), Adam otherwise.
    var optimizer: String { optimizerGiven ?? (loss == "mse" ? "lbfgs" : "adam") }
    var l1: Double { l1Given ?? 0 }
    var l2: Double { l2Given ?? 0 }
    var inputNoise: Double { inputNoiseGiven ?? 0 }
    var standardize: Bool { standardizeGiven ?? true }
    var precision: String { precisionGiven ?? "float" }
    var schedule: String { scheduleGiven ?? "constant" }
    /// `--output`, or with `--resume` the resumed file: a resumed run's
    /// epochs are not thrown away.
    var output: String? { outputGiven ?? resume }
}
