import Foundation
import Tensor

extension MLPRegressor {
    /// Writes the fitted regressor to `path` atomically as a training
    /// checkpoint (safetensors): the trainer with its optimizer state, the
    /// feature and target standardizations, the target names and the
    /// configuration. `perceptron-train evaluate` and `predict` read it,
    /// and so does ``init(contentsOfFile:)``. Stops when not fitted.
    ///
    /// - Parameters:
    ///   - path: the file to write (absolute, or relative to the current
    ///     directory).
    ///   - targetNames: a name per output (`y0, y1, ...` if nil).
    public func write(toFile path: String, targetNames: [String]? = nil) throws {
        require(state != nil, "MLPRegressor.write: fit the regressor first")
        let outputs = state!.trainer.model.outputWidth
        let names = targetNames ?? (0..<outputs).map { "y\($0)" }
        try state!.file(
            configuration, targetNames: names, targetStandardization: targetStandardization
        ).write(toFile: path)
    }

    /// The regressor saved at `path` by ``write(toFile:targetNames:)``, or
    /// a regression checkpoint of `perceptron-train`: ready to predict, and
    /// to continue with ``partialFit(_:_:sampleWeights:)`` where it stopped.
    ///
    /// - Throws: ``CheckpointError`` for an unreadable file or one that is
    ///   not a regression's.
    public init(contentsOfFile path: String) throws {
        let (checkpoint, configuration, state) = try EstimatorState<Scalar>.read(
            contentsOfFile: path)
        guard let targets = checkpoint.targetStandardization else {
            throw CheckpointError(
                "\(path): not a regression checkpoint (no target standardization)")
        }
        let loss = checkpoint.trainer.model.lossFunction
        guard loss == .meanSquaredError || loss == .meanAbsoluteError else {
            throw CheckpointError("\(path): a \(loss.rawValue) model is not a regressor")
        }
        self.init(configuration: configuration, loss: loss)
        self.state = state
        self.targetStandardization = targets
    }
}
