import Datasets
import Foundation
import Network
import Tensor

/// A trained model alone, for inference and for sharing: the `Sequential`
/// model with the standardization its inputs need and its class names, and
/// nothing of its training (no optimizer state, history or shuffling
/// generator, so it cannot be resumed).
///
/// ```swift
/// // After training: the averaged weights, as evaluation uses them.
/// try checkpoint.modelCheckpoint.write(toFile: "model.safetensors")
/// // or, from a trainer and the data's preparation:
/// try ModelCheckpoint(model: trainer.evaluationModel, standardization: scaling,
///                     classNames: ["setosa", "versicolor", "virginica"])
///     .write(toFile: "model.safetensors")
///
/// let saved = try ModelCheckpoint<Float>(contentsOfFile: "model.safetensors")
/// let classes = saved.predictClasses(rawInputs)  // standardized first
/// ```
///
/// Stored in the safetensors format (``SafeTensors``) with the layout of
/// ``TrainingCheckpoint``, so the same readers work on both: each dense
/// layer's `W` and `b` as `layers.<i>.weight` (`inputs x outputs`) and
/// `layers.<i>.bias`, `standardization.means` and
/// `standardization.standardDeviations` when there is a standardization,
/// `targetStandardization.means` and `targetStandardization.standardDeviations`
/// for a regression's targets, the model's dropout generator as
/// `generator.model`; the architecture, scalar type, summary, class names,
/// target names and data options as metadata, and the format
/// `perceptron-model-1` (``format``). Such a file loads in Python's
/// `safetensors` package, and in `perceptron-train evaluate` and `predict`;
/// `train --resume` and `inspect` refuse it with one line.
public struct ModelCheckpoint<Scalar: BLASScalar>: Sendable {
    /// The model, with the weights to use.
    public var model: Sequential<Scalar>
    /// The per-feature standardization the model's inputs went through in
    /// training, applied by ``predictClasses(_:)`` and
    /// ``predictProbabilities(_:)`` to raw inputs.
    public var standardization: Standardization<Scalar>?
    /// The names of the classes, in class order, if known.
    public var classNames: [String]?
    /// A regression's target names, one per output in output order (e.g.
    /// the CSV columns the targets came from), if known.
    public var targetNames: [String]?
    /// A regression's target standardization `t_j = (y_j - c_j) / s_j`,
    /// fitted to the training targets: the model learned `t`, so
    /// ``predictTargets(_:)`` maps its outputs `o` back to the original
    /// units as `y_j = c_j + s_j o_j`. `nil` when the targets were not
    /// standardized (and for a classifier).
    public var targetStandardization: Standardization<Scalar>?
    /// How the training data was obtained, as the program that trained the
    /// model records it (see ``TrainingCheckpoint/dataOptions``).
    public var dataOptions: [String: String]?

    /// A model-only checkpoint of `model` and its data's preparation.
    ///
    /// - Parameters:
    ///   - model: the model with the weights to store, e.g.
    ///     ``Trainer/evaluationModel`` (the Polyak average when there is
    ///     one).
    ///   - standardization: the standardization of the training features,
    ///     one mean and deviation per input of `model`.
    ///   - classNames: one name per class, in class order.
    ///   - targetNames: a regression's target names, one per output.
    ///   - targetStandardization: a regression's target standardization
    ///     (`Standardization.init(fittedToTargetsOf:)`), one mean
    ///     and deviation per output of `model`.
    ///   - dataOptions: the training data's options by name.
    ///
    /// Stops (a programmer error) when a standardization or the target
    /// names do not match the model's inputs or outputs.
    public init(
        model: Sequential<Scalar>, standardization: Standardization<Scalar>? = nil,
        classNames: [String]? = nil, targetNames: [String]? = nil,
        targetStandardization: Standardization<Scalar>? = nil,
        dataOptions: [String: String]? = nil
    ) {
        if let standardization {
            require(
                standardization.featureCount == model.inputs,
                "ModelCheckpoint: the standardization has \(standardization.featureCount) features but the model takes \(model.inputs)"
            )
        }
        checkTargets(targetNames, targetStandardization, of: model, "ModelCheckpoint")
        self.model = model
        self.standardization = standardization
        self.classNames = classNames
        self.targetNames = targetNames
        self.targetStandardization = targetStandardization
        self.dataOptions = dataOptions
    }

    /// Whether the file describes a regression: it has target names or a
    /// target standardization.
    public var isRegression: Bool { targetNames != nil || targetStandardization != nil }

    /// The version written into every model-only file.
    public static var format: String { "perceptron-model-1" }

    /// The file's contents.
    public func safeTensors() throws -> SafeTensors {
        var file = SafeTensors()
        try file.store(
            model, standardization: standardization, classNames: classNames,
            targetNames: targetNames, targetStandardization: targetStandardization,
            dataOptions: dataOptions)
        file.metadata["format"] = Self.format
        return file
    }

    /// Writes the file atomically to `url` (a temporary file beside it,
    /// renamed over it).
    public func write(to url: URL) throws {
        try safeTensors().write(to: url)
    }

    /// Writes the file atomically to `path` (absolute, or relative to the
    /// current directory), as ``write(to:)``.
    public func write(toFile path: String) throws {
        try safeTensors().write(toFile: path)
    }

    /// Reads a model-only file, or the model of a ``TrainingCheckpoint``
    /// file (``TrainingCheckpoint/modelCheckpoint``: its evaluation weights,
    /// the Polyak average when the trainer kept one), checking every name,
    /// shape and size against the recorded architecture.
    ///
    /// - Parameters:
    ///   - file: the file's contents.
    ///   - source: the file's name, for the messages.
    /// - Throws: ``CheckpointError`` with a message naming `source`.
    public init(_ file: SafeTensors, source: String = "model") throws {
        let reader = StoredModelReader(file: file, source: source)
        switch file.metadata["format"] {
        case Self.format:
            try reader.checkScalar(Scalar.self)
            let stored = try reader.model(Scalar.self, requiresGenerator: false)
            self.init(
                model: stored.model, standardization: stored.standardization,
                classNames: stored.classNames, targetNames: stored.targetNames,
                targetStandardization: stored.targetStandardization,
                dataOptions: stored.dataOptions)
        case TrainingCheckpoint<Scalar>.format:
            self = try TrainingCheckpoint<Scalar>(file, source: source).modelCheckpoint
        case let format:
            throw reader.fail("not a Perceptron model or checkpoint (format \(format ?? "missing"))")
        }
    }

    /// Reads a model-only file or a training checkpoint at `url` (see
    /// ``init(_:source:)``).
    public init(contentsOf url: URL) throws {
        try self.init(try SafeTensors(contentsOf: url), source: url.path)
    }

    /// Reads a model-only file or a training checkpoint at `path`
    /// (absolute, or relative to the current directory; see
    /// ``init(_:source:)``).
    ///
    /// - Throws: ``CheckpointError`` naming `path`.
    public init(contentsOfFile path: String) throws {
        try self.init(try SafeTensors(contentsOfFile: path), source: path)
    }

    /// The predictions for raw inputs `x` (`samples x inputs`, in the units
    /// of the training data): ``standardization`` applied, then
    /// `Sequential.predictProbabilities(_:)`: softmax
    /// probabilities, the sigmoid probability of class 1, or the outputs
    /// of a regression, one row per sample.
    public func predictProbabilities(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        model.predictProbabilities(standardized(x))
    }

    /// The predicted class of each row of raw inputs `x` (`samples x
    /// inputs`): ``standardization`` applied, then
    /// `Sequential.predictClasses(_:)`. ``classNames`` names them.
    public func predictClasses(_ x: Matrix<Scalar>) -> [Int] {
        model.predictClasses(standardized(x))
    }

    /// A regression's predictions for raw inputs `x` (`samples x inputs`,
    /// in the units of the training data), in the targets' original units:
    /// ``standardization`` applied, the model's outputs `o`
    /// (`Sequential.predictProbabilities(_:)`, the identity for
    /// the regression losses), then ``targetStandardization`` undone,
    /// `y_j = c_j + s_j o_j`. One row per sample, one column per target
    /// (``targetNames``).
    public func predictTargets(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        var outputs = model.predictProbabilities(standardized(x))
        targetStandardization?.invert(&outputs)
        return outputs
    }

    /// `x` with ``standardization`` applied, when there is one.
    func standardized(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        require(
            x.columns == model.inputs,
            "ModelCheckpoint: the model takes \(model.inputs) inputs but the batch is \(x.shapeDescription)"
        )
        return standardization?.applied(to: x) ?? x
    }
}

extension SafeTensors {
    /// Reads the safetensors file at `path` (absolute, or relative to the
    /// current directory).
    ///
    /// - Throws: ``CheckpointError`` naming `path` when the file is missing
    ///   or invalid.
    public init(contentsOfFile path: String) throws(CheckpointError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError("\(path): no such checkpoint file")
        }
        try self.init(decoding: Array(data), source: path)
    }

    /// Writes the file atomically to `path` (absolute, or relative to the
    /// current directory), as ``write(to:)``.
    public func write(toFile path: String) throws {
        try write(to: URL(fileURLWithPath: path))
    }

    /// Adds what every Perceptron file holds of a model: each dense layer's
    /// weights and bias (`layers.<i>.weight`, `inputs x outputs`, and
    /// `layers.<i>.bias`), the model's generator (`generator.model`), the
    /// standardizations' vectors (`standardization.*` for the features,
    /// `targetStandardization.*` for a regression's targets), and the
    /// metadata `scalar`, `architecture`, `summary`, `classNames`,
    /// `targetNames` and `data`. The caller adds `format`.
    mutating func store<Scalar: BLASScalar>(
        _ model: Sequential<Scalar>, standardization: Standardization<Scalar>?,
        classNames: [String]?, targetNames: [String]?,
        targetStandardization: Standardization<Scalar>?, dataOptions: [String: String]?
    ) throws {
        model.parameters.withUnsafeBufferPointer { p in
            for (index, dense) in model.denseLayers.enumerated() {
                guard let dense else { continue }
                tensors["layers.\(index).weight"] = .init(
                    UnsafeBufferPointer(rebasing: p[dense.weightRange]),
                    shape: [dense.inputs, dense.outputs])
                tensors["layers.\(index).bias"] = .init(
                    UnsafeBufferPointer(rebasing: p[dense.biasRange]), shape: [dense.outputs])
            }
        }
        tensors["generator.model"] = .init(model.generator.state)
        if let standardization {
            tensors["standardization.means"] = .init(
                standardization.means, shape: [standardization.featureCount])
            tensors["standardization.standardDeviations"] = .init(
                standardization.standardDeviations, shape: [standardization.featureCount])
        }
        if let targetStandardization {
            tensors["targetStandardization.means"] = .init(
                targetStandardization.means, shape: [targetStandardization.featureCount])
            tensors["targetStandardization.standardDeviations"] = .init(
                targetStandardization.standardDeviations,
                shape: [targetStandardization.featureCount])
        }
        if let targetNames { metadata["targetNames"] = try json(targetNames) }
        metadata["scalar"] = "\(Scalar.self)"
        metadata["architecture"] = try json(
            ModelArchitecture(
                inputs: model.inputs, layers: model.layers, loss: model.lossFunction,
                regularization: model.regularization))
        metadata["summary"] = model.summary
        if let classNames { metadata["classNames"] = try json(classNames) }
        if let dataOptions { metadata["data"] = try json(dataOptions) }
    }
}

/// What ``SafeTensors/store(_:standardization:classNames:targetNames:targetStandardization:dataOptions:)``
/// wrote, read back.
struct StoredModel<Scalar: BLASScalar> {
    var model: Sequential<Scalar>
    var standardization: Standardization<Scalar>?
    var classNames: [String]?
    var targetNames: [String]?
    var targetStandardization: Standardization<Scalar>?
    var dataOptions: [String: String]?
}

/// Stops (a programmer error) unless `names` and `standardization`, when
/// given, have one entry per output of `model`; `caller` names the type.
func checkTargets<Scalar>(
    _ names: [String]?, _ standardization: Standardization<Scalar>?, of model: Sequential<Scalar>,
    _ caller: String
) {
    if let names {
        require(
            names.count == model.outputWidth,
            "\(caller): \(names.count) target names but the model has \(model.outputWidth) outputs")
    }
    if let standardization {
        require(
            standardization.featureCount == model.outputWidth,
            "\(caller): the target standardization has \(standardization.featureCount) targets but the model has \(model.outputWidth) outputs"
        )
    }
}

/// Reads the parts of a Perceptron file, every failure a ``CheckpointError``
/// that names the file.
struct StoredModelReader {
    let file: SafeTensors
    let source: String

    /// An error about the file.
    func fail(_ problem: String) -> CheckpointError { CheckpointError("\(source): \(problem)") }

    /// Throws unless the file holds `Scalar` parameters.
    func checkScalar<Scalar: BLASScalar>(_: Scalar.Type) throws(CheckpointError) {
        guard file.metadata["scalar"] == "\(Scalar.self)" else {
            throw fail(
                "holds \(file.metadata["scalar"] ?? "unknown") parameters, not \(Scalar.self)")
        }
    }

    /// The metadata `key`, decoded from JSON; a failure names the field
    /// in words (``Swift/DecodingError/metadataProblem(key:)``).
    func decode<T: Decodable>(_ type: T.Type, _ key: String) throws(CheckpointError) -> T {
        guard let text = file.metadata[key] else {
            throw fail("the metadata field \"\(key)\" is missing")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw fail(error.metadataProblem(key: key))
        } catch {
            throw fail("the metadata \"\(key)\" cannot be read")
        }
    }

    /// The tensor `name`, `count` elements converted to `Scalar`.
    func vector<Scalar: BLASScalar>(_ name: String, count: Int) throws(CheckpointError)
        -> [Scalar]
    {
        guard let entry = file.tensors[name] else {
            throw fail("the tensor '\(name)' is missing")
        }
        guard let values: [Scalar] = entry.scalars(), values.count == count else {
            throw fail(
                "the tensor '\(name)' has shape \(entry.shape) (\(entry.dtype.rawValue)); expected \(count) \(Scalar.self) values"
            )
        }
        return values
    }

    /// A generator's four words of state.
    func words(_ name: String) throws(CheckpointError) -> [UInt64] {
        guard let words = file.tensors[name]?.words, words.count == 4,
            words.contains(where: { $0 != 0 })
        else {
            throw fail("the generator state '\(name)' is missing or invalid")
        }
        return words
    }

    /// The model, its standardization, class names and data options. A
    /// training checkpoint must hold the model's generator; a model-only
    /// file may leave it out (a file made elsewhere), and the model then
    /// draws dropout from `Xoshiro256StarStar(seed: 0)`.
    func model<Scalar: BLASScalar>(_: Scalar.Type, requiresGenerator: Bool) throws
        -> StoredModel<Scalar>
    {
        let architecture = try decode(ModelArchitecture.self, "architecture")
        if let problem = architecture.problem(storedParameters: nil) { throw fail(problem) }
        for (index, layer) in architecture.layers.enumerated() {
            guard case .dense = layer else { continue }
            for part in ["weight", "bias"] where file.tensors["layers.\(index).\(part)"] == nil {
                throw fail("the tensor 'layers.\(index).\(part)' is missing")
            }
        }
        let stored = file.tensors.filter { $0.key.hasPrefix("layers.") }.values
            .reduce(0) { $0 + $1.shape.reduce(1, *) }
        if let problem = architecture.problem(storedParameters: stored) { throw fail(problem) }
        var generator = Xoshiro256StarStar(seed: 0)
        var model = Sequential<Scalar>(
            inputs: architecture.inputs, layers: architecture.layers, loss: architecture.loss,
            initializer: .smallRandom, regularization: architecture.regularization,
            using: &generator)
        for (index, dense) in model.denseLayers.enumerated() {
            guard let dense else { continue }
            let weights: [Scalar] = try vector(
                "layers.\(index).weight", count: dense.inputs * dense.outputs)
            if file.tensors["layers.\(index).weight"]!.shape != [dense.inputs, dense.outputs] {
                throw fail(
                    "layers.\(index).weight has shape \(file.tensors["layers.\(index).weight"]!.shape), the architecture says [\(dense.inputs), \(dense.outputs)]"
                )
            }
            let bias: [Scalar] = try vector("layers.\(index).bias", count: dense.outputs)
            model.parameters.replaceSubrange(dense.weightRange, with: weights)
            model.parameters.replaceSubrange(dense.biasRange, with: bias)
        }
        if requiresGenerator || file.tensors["generator.model"] != nil {
            model.generator = Xoshiro256StarStar(state: try words("generator.model"))
        } else {
            model.generator = Xoshiro256StarStar(seed: 0)
        }
        let targetNames =
            file.metadata["targetNames"] == nil ? nil : try decode([String].self, "targetNames")
        if let targetNames, targetNames.count != model.outputWidth {
            throw fail(
                "\(targetNames.count) target names but the model has \(model.outputWidth) outputs")
        }
        return StoredModel(
            model: model,
            standardization: try standardization(
                "standardization", count: architecture.inputs, targets: false),
            classNames: file.metadata["classNames"] == nil
                ? nil : try decode([String].self, "classNames"),
            targetNames: targetNames,
            targetStandardization: try standardization(
                "targetStandardization", count: model.outputWidth, targets: true),
            dataOptions: file.metadata["data"] == nil
                ? nil : try decode([String: String].self, "data"))
    }

    /// The standardization stored as the tensors `<prefix>.means` and
    /// `<prefix>.standardDeviations`, `count` of each, or nil when the file
    /// has none (a file written before target standardizations were stored
    /// has none for the targets). `targets` says which one it is, for the
    /// messages.
    func standardization<Scalar: BLASScalar>(
        _ prefix: String, count expected: Int, targets: Bool
    ) throws(CheckpointError) -> Standardization<Scalar>? {
        guard let entry = file.tensors["\(prefix).means"] else { return nil }
        let name = targets ? "target standardization" : "standardization"
        let count = entry.shape.first ?? 0
        guard count == expected else {
            throw fail(
                targets
                    ? "the \(name) has \(count) targets but the model has \(expected) outputs"
                    : "the \(name) has \(count) features but the model takes \(expected)")
        }
        let means: [Scalar] = try vector("\(prefix).means", count: count)
        let deviations: [Scalar] = try vector("\(prefix).standardDeviations", count: count)
        guard deviations.allSatisfy({ $0 > 0 && $0.isFinite }), means.allSatisfy(\.isFinite) else {
            throw fail("the \(name)'s means or standard deviations are not finite and positive")
        }
        return Standardization(means: means, standardDeviations: deviations)
    }
}
