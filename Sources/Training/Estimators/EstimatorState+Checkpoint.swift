import Datasets
import Foundation
import Network
import Tensor

/// Saving and reading an estimator: a ``TrainingCheckpoint`` of its trainer
/// and standardizations (the file `perceptron-train` writes and reads), plus
/// the metadata field `estimator`, the JSON of its ``MLPConfiguration``.
extension EstimatorState {
    /// The metadata key of the configuration.
    static var metadataKey: String { "estimator" }

    /// The file of a fitted estimator.
    func file(
        _ configuration: MLPConfiguration, classNames: [String]? = nil,
        targetNames: [String]? = nil, targetStandardization: Standardization<Scalar>? = nil
    ) throws -> SafeTensors {
        var file = try TrainingCheckpoint(
            trainer: trainer, standardization: featureStandardization, classNames: classNames,
            targetNames: targetNames, targetStandardization: targetStandardization
        ).safeTensors()
        file.metadata[Self.metadataKey] = String(
            decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        return file
    }

    /// The checkpoint in the file at `path` and the estimator's
    /// configuration: the stored one, or for a file `perceptron-train`
    /// wrote, one describing its network (hidden layers, activation,
    /// solver) with the other settings at their defaults.
    ///
    /// - Throws: ``CheckpointError`` for an unreadable file, one without a
    ///   feature standardization, or a configuration that does not decode.
    static func read(contentsOfFile path: String) throws -> (
        checkpoint: TrainingCheckpoint<Scalar>, configuration: MLPConfiguration,
        state: EstimatorState
    ) {
        let file = try SafeTensors(contentsOfFile: path)
        let checkpoint = try TrainingCheckpoint<Scalar>(file, source: path)
        guard let standardization = checkpoint.standardization else {
            throw CheckpointError(
                "\(path): the checkpoint has no feature standardization; an estimator needs one")
        }
        let configuration: MLPConfiguration
        if let json = file.metadata[metadataKey] {
            do {
                configuration = try JSONDecoder().decode(
                    MLPConfiguration.self, from: Data(json.utf8))
            } catch {
                throw CheckpointError("\(path): the estimator settings do not decode: \(error)")
            }
        } else {
            configuration = MLPConfiguration(describing: checkpoint.trainer)
        }
        return (
            checkpoint, configuration,
            EstimatorState(trainer: checkpoint.trainer, featureStandardization: standardization)
        )
    }
}

extension MLPConfiguration {
    /// A configuration describing `trainer`'s network and solver: the
    /// widths of its hidden dense layers, the first one's activation and
    /// its optimizer, scikit-learn's defaults otherwise.
    init<Scalar: BLASScalar>(describing trainer: Trainer<Scalar>) {
        var hidden: [Int] = []
        var activation: Activation?
        for case .dense(let outputs, let layerActivation) in trainer.model.layers.dropLast() {
            hidden.append(outputs)
            activation = activation ?? layerActivation
        }
        self.init(
            hiddenLayers: hidden, activation: activation ?? .relu,
            solver: trainer.optimizer.configuration)
    }
}
