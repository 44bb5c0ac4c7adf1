import Reporting
import Datasets
import Foundation
import Network
import Optimizers
import Tensor

/// Everything needed to use a trained model and to resume its training
/// exactly: the trainer (model, optimizer state, averaging, early-stopping
/// state, history, generators) and the data's normalization and class names,
/// or for a regression its target names and target standardization.
///
/// Stored in the safetensors format (``SafeTensors``): each dense layer's
/// `W` and `b` as `layers.<i>.weight` (`inputs x outputs`) and
/// `layers.<i>.bias`, the optimizer's and the average's vectors, the best
/// weights, and the generators' states as tensors; the architecture,
/// scalar type, optimizer configuration and counters, schedule position
/// (the optimizer's step count), epoch, history and, for a run stopped in
/// the middle of an epoch, that epoch's position (``Trainer/epochInProgress``,
/// or ``Trainer/minimizerEpochInProgress`` for a second-order method) as
/// JSON in the metadata.
///
/// A second-order method's run (``Trainer/minimizerRun``: the iterate,
/// counts and curvature memory, such as L-BFGS's pairs or BFGS's matrix) is
/// stored too, its scalars as JSON in the metadata field `minimizer` and
/// its vectors as `minimizer.*` tensors, so a resumed run continues with
/// the same iterates as one that was never interrupted.
///
/// `layers.<i>.weight` and `layers.<i>.bias` hold the current weights, which
/// training continues from; with Polyak averaging the average that
/// evaluation uses is stored beside them (`averaging.*`).
/// ``modelCheckpoint`` is the model alone with the averaged weights, for a
/// model-only file (``ModelCheckpoint``) that users and other programs read
/// without knowing about averaging.
public struct TrainingCheckpoint<Scalar: BLASScalar>: Sendable {
    /// The trainer with its model.
    public var trainer: Trainer<Scalar>
    /// The per-feature standardization the model's inputs went through.
    public var standardization: Standardization<Scalar>?
    /// The names of the classes, if known.
    public var classNames: [String]?
    /// A regression's target names, one per output (see
    /// ``ModelCheckpoint/targetNames``).
    public var targetNames: [String]?
    /// A regression's target standardization, fitted to the training
    /// targets, which maps the model's outputs back to the targets'
    /// original units (see ``ModelCheckpoint/targetStandardization``);
    /// stored as the tensors `targetStandardization.means` and
    /// `targetStandardization.standardDeviations`. A file written before
    /// they were stored has none.
    public var targetStandardization: Standardization<Scalar>?
    /// How the training data was obtained, as the program that trained the
    /// model records it (`perceptron-train`: its data options by name, such
    /// as `"csv": "/data/iris.csv"`, `"seed": "3"`), so that a later run
    /// can find the same data, split and classes; stored as JSON in the
    /// metadata under `data`.
    public var dataOptions: [String: String]?

    /// A checkpoint of `trainer` and the data's preparation.
    ///
    /// Stops (a programmer error) when the target names or the target
    /// standardization do not have one entry per output of the model.
    public init(
        trainer: Trainer<Scalar>, standardization: Standardization<Scalar>? = nil,
        classNames: [String]? = nil, targetNames: [String]? = nil,
        targetStandardization: Standardization<Scalar>? = nil,
        dataOptions: [String: String]? = nil
    ) {
        checkTargets(targetNames, targetStandardization, of: trainer.model, "TrainingCheckpoint")
        self.trainer = trainer
        self.standardization = standardization
        self.classNames = classNames
        self.targetNames = targetNames
        self.targetStandardization = targetStandardization
        self.dataOptions = dataOptions
    }

    /// Whether the checkpoint describes a regression: it has target names
    /// or a target standardization.
    public var isRegression: Bool { targetNames != nil || targetStandardization != nil }

    /// The version written into every checkpoint.
    public static var format: String { "perceptron-checkpoint-1" }
}

/// The model's shape, as the checkpoint's metadata records it.
struct ModelArchitecture: Codable, Equatable {
    var inputs: Int
    var layers: [Layer]
    var loss: Loss
    var regularization: Regularization
}

/// The trainer's settings and counters.
struct TrainerSettings: Codable, Equatable {
    var batchSize: Int
    var evaluationBatchSize: Int
    var epochsCompleted: Int
    var earlyStopping: EarlyStopping?
    var bestMetric: Double?
    var bestEpoch: Int
    var epochsWithoutImprovement: Int
    var stoppedEarly: Bool
    var averaging: String?
}

/// An optimizer or averaging state without its vectors (which are tensors).
struct StateHeader: Codable, Equatable {
    var name: String
    var stepCount: Int
    var scalars: [String: Double]
    var vectors: [String]
}

extension TrainingCheckpoint {
    /// The checkpoint as a safetensors file's contents.
    public func safeTensors() throws -> SafeTensors {
        var file = SafeTensors()
        // The model, its data's preparation and its data options, laid out
        // as in a model-only file (ModelCheckpoint).
        try file.store(
            trainer.model, standardization: standardization, classNames: classNames,
            targetNames: targetNames, targetStandardization: targetStandardization,
            dataOptions: dataOptions)
        func store(_ state: OptimizerState<Scalar>, as prefix: String) throws -> String {
            for (name, vector) in state.vectors {
                file.tensors["\(prefix).\(name)"] = .init(vector, shape: [vector.count])
            }
            return try json(
                StateHeader(
                    name: state.optimizer, stepCount: state.stepCount,
                    scalars: state.scalars.mapValues(Double.init),
                    vectors: state.vectors.keys.sorted()))
        }
        file.metadata["optimizer.state"] = try store(trainer.optimizer.state, as: "optimizer")
        if let averaging = trainer.averaging {
            file.metadata["averaging.state"] = try store(averaging.state, as: "averaging")
            file.metadata["averaging"] = try json(averaging.kind)
        }
        if let run = trainer.minimizerRun { try file.store(run) }
        if let best = trainer.bestParameters {
            file.tensors["earlyStopping.bestParameters"] = .init(best, shape: [best.count])
        }
        file.tensors["generator.shuffle"] = .init(trainer.generator.state)
        file.metadata["format"] = Self.format
        file.metadata["optimizer"] = try json(trainer.optimizer.configuration)
        file.metadata["epoch"] = "\(trainer.epochsCompleted)"
        file.metadata["history"] = try json(trainer.history)
        if let progress = trainer.epochInProgress {
            file.metadata["epochInProgress"] = try json(progress)
        }
        if let progress = trainer.minimizerEpochInProgress {
            file.metadata["minimizerEpochInProgress"] = try json(progress)
        }
        file.metadata["trainer"] = try json(
            TrainerSettings(
                batchSize: trainer.batchSize, evaluationBatchSize: trainer.evaluationBatchSize,
                epochsCompleted: trainer.epochsCompleted, earlyStopping: trainer.earlyStopping,
                bestMetric: trainer.bestMetric, bestEpoch: trainer.bestEpoch,
                epochsWithoutImprovement: trainer.epochsWithoutImprovement,
                stoppedEarly: trainer.stoppedEarly, averaging: nil))
        return file
    }

    /// Writes the checkpoint atomically to `url`.
    public func write(to url: URL) throws {
        try safeTensors().write(to: url)
    }

    /// Writes the checkpoint atomically to the file at `path` (absolute, or
    /// relative to the current directory), as ``write(to:)``.
    public func write(toFile path: String) throws {
        try safeTensors().write(toFile: path)
    }

    /// Reads a checkpoint written by ``write(to:)``.
    public init(contentsOf url: URL) throws {
        try self.init(try SafeTensors(contentsOf: url), source: url.path)
    }

    /// Reads the checkpoint at `path` (absolute, or relative to the current
    /// directory), written by ``write(toFile:)`` or ``write(to:)``.
    ///
    /// - Throws: ``CheckpointError`` naming `path`, also for a model-only
    ///   file (``ModelCheckpoint``), which holds no training state.
    public init(contentsOfFile path: String) throws {
        try self.init(try SafeTensors(contentsOfFile: path), source: path)
    }

    /// The model alone, with ``Trainer/evaluationModel``'s weights (the
    /// Polyak average when the trainer keeps one), and this checkpoint's
    /// standardization, class names, target names, target standardization
    /// and data options: what a model-only file
    /// (``ModelCheckpoint/write(toFile:)``) stores.
    public var modelCheckpoint: ModelCheckpoint<Scalar> {
        ModelCheckpoint(
            model: trainer.evaluationModel, standardization: standardization,
            classNames: classNames, targetNames: targetNames,
            targetStandardization: targetStandardization, dataOptions: dataOptions)
    }

    /// The scalar type a checkpoint file holds (`"Float"` or `"Double"`).
    public static func scalarType(of file: SafeTensors) -> String? { file.metadata["scalar"] }

    /// The ``dataOptions`` recorded in `file`, read without decoding the
    /// rest, or nil when it has none (or they are not a JSON object of
    /// strings).
    public static func dataOptions(of file: SafeTensors) -> [String: String]? {
        file.metadata["data"].flatMap {
            try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
        }
    }

    /// Rebuilds the trainer from a file's contents, checking every name,
    /// shape and size against the recorded architecture.
    ///
    /// - Throws: ``CheckpointError`` with a message naming `source`.
    public init(_ file: SafeTensors, source: String = "checkpoint") throws {
        let reader = StoredModelReader(file: file, source: source)
        func fail(_ problem: String) -> CheckpointError { reader.fail(problem) }
        if file.metadata["format"] == ModelCheckpoint<Scalar>.format {
            throw fail(
                "a model-only file (\(ModelCheckpoint<Scalar>.format)) has no training state to resume or inspect; evaluate and predict read it (ModelCheckpoint in Swift)"
            )
        }
        guard file.metadata["format"] == Self.format else {
            throw fail(
                "not a Perceptron checkpoint (format \(file.metadata["format"] ?? "missing"))")
        }
        try reader.checkScalar(Scalar.self)
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            try reader.decode(type, key)
        }
        func vector(_ name: String, count: Int) throws -> [Scalar] {
            try reader.vector(name, count: count)
        }
        let stored = try reader.model(Scalar.self, requiresGenerator: true)
        let model = stored.model
        let settings = try decode(TrainerSettings.self, "trainer")
        if let problem = settings.problem { throw fail(problem) }
        func restoredState(_ key: String, prefix: String) throws -> OptimizerState<Scalar> {
            let header = try decode(StateHeader.self, key)
            var vectors: [String: [Scalar]] = [:]
            for name in header.vectors {
                guard let entry = file.tensors["\(prefix).\(name)"],
                    let values: [Scalar] = entry.scalars()
                else {
                    throw fail("the tensor '\(prefix).\(name)' is missing")
                }
                // Every state vector is per parameter: a shorter one would
                // be indexed past its end by the first update.
                guard values.count == model.parameterCount else {
                    throw fail(
                        "the tensor '\(prefix).\(name)' has \(values.count) values but the model has \(model.parameterCount) parameters"
                    )
                }
                vectors[name] = values
            }
            return OptimizerState(
                optimizer: header.name, stepCount: header.stepCount, vectors: vectors,
                scalars: header.scalars.mapValues { Scalar($0) })
        }
        let averaging =
            file.metadata["averaging"] == nil
            ? nil : try decode(PolyakAveraging<Scalar>.Kind.self, "averaging")
        if let problem = averaging?.problem { throw fail(problem) }
        var trainer = Trainer(
            model: model, optimizer: try decode(OptimizerConfiguration.self, "optimizer"),
            batchSize: settings.batchSize, seed: 0, averaging: averaging,
            earlyStopping: settings.earlyStopping)
        do {
            try trainer.optimizer.restore(try restoredState("optimizer.state", prefix: "optimizer"))
            if trainer.averaging != nil {
                try trainer.averaging!.restore(
                    try restoredState("averaging.state", prefix: "averaging"))
            }
        } catch let error as OptimizerStateError {
            throw fail("the optimizer state does not fit: \(error)")
        }
        trainer.minimizerRun = try reader.minimizerRun(
            for: trainer.optimizer.configuration, l1: trainer.minimizesWithOWLQN,
            parameterCount: model.parameterCount)
        trainer.generator = Xoshiro256StarStar(state: try reader.words("generator.shuffle"))
        trainer.evaluationBatchSize = settings.evaluationBatchSize
        trainer.epochsCompleted = settings.epochsCompleted
        trainer.history = try decode(TrainingHistory.self, "history")
        trainer.bestMetric = settings.bestMetric
        trainer.bestEpoch = settings.bestEpoch
        trainer.epochsWithoutImprovement = settings.epochsWithoutImprovement
        trainer.stoppedEarly = settings.stoppedEarly
        if file.metadata["epochInProgress"] != nil {
            let progress = try decode(EpochProgress.self, "epochInProgress")
            if let problem = progress.problem(epochsCompleted: settings.epochsCompleted) {
                throw fail(problem)
            }
            trainer.epochInProgress = progress
        }
        if file.metadata["minimizerEpochInProgress"] != nil {
            let progress = try decode(MinimizerEpochProgress.self, "minimizerEpochInProgress")
            if let problem = progress.problem(
                epochsCompleted: settings.epochsCompleted,
                runIterations: trainer.minimizerRun?.iterations)
            {
                throw fail(problem)
            }
            trainer.minimizerEpochInProgress = progress
        }
        if file.tensors["earlyStopping.bestParameters"] != nil {
            trainer.bestParameters = try vector(
                "earlyStopping.bestParameters", count: model.parameterCount)
        }
        self.init(
            trainer: trainer, standardization: stored.standardization,
            classNames: stored.classNames, targetNames: stored.targetNames,
            targetStandardization: stored.targetStandardization, dataOptions: stored.dataOptions)
    }
}

/// JSON text for a metadata value (sorted keys, so files are reproducible).
func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
