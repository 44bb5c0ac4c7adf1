import Foundation
import Tensor

extension MLPClassifier {
    /// Writes the fitted classifier to `path` atomically as a training
    /// checkpoint (safetensors): the trainer with its optimizer state, the
    /// feature standardization, the classes (as their descriptions) and
    /// the configuration. `perceptron-train evaluate` and `predict` read
    /// it. Stops when not fitted.
    public func write(toFile path: String) throws {
        require(state != nil, "MLPClassifier.write: fit the classifier first")
        try state!.file(configuration, classNames: classes.map { String(describing: $0) })
            .write(toFile: path)
    }
}

extension MLPClassifier where Label: LosslessStringConvertible {
    /// The classifier saved at `path` by ``write(toFile:)``, or a
    /// classification checkpoint of `perceptron-train`, its class names
    /// read back as `Label`s: ready to predict, and to continue with
    /// ``partialFit(_:_:classes:sampleWeights:)`` where it stopped.
    ///
    /// - Throws: ``CheckpointError`` for an unreadable file, one without
    ///   class names, or a name that is not a `Label`.
    public init(contentsOfFile path: String) throws {
        let (checkpoint, configuration, state) = try EstimatorState<Scalar>.read(
            contentsOfFile: path)
        guard let names = checkpoint.classNames, !checkpoint.isRegression else {
            throw CheckpointError("\(path): not a classification checkpoint with class names")
        }
        let classes = try names.map { name in
            guard let label = Label(name) else {
                throw CheckpointError("\(path): the class \"\(name)\" is not a \(Label.self)")
            }
            return label
        }
        self.init(configuration: configuration)
        self.classes = classes
        self.state = state
    }
}
