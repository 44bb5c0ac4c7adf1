import Foundation
import Perceptron
import Testing

/// The optimizer configuration is typed: each method carries its own
/// options type, holding exactly the settings the method reads, so that a
/// setting cannot be given to a method that would ignore it. Checkpoints
/// store the typed form and still read the flat form of earlier versions.
@Suite("OptimizerConfiguration's typed methods")
struct TypedOptimizerConfigurationTests {
    typealias C = OptimizerConfiguration

    /// The names of the settings `kind`'s options type holds.
    static func settingNames(_ kind: C.Kind) -> Set<String> {
        let options = Mirror(reflecting: C(kind).method).children.first!.value
        return Set(Mirror(reflecting: options).children.map { $0.label! })
    }

    @Test("each method's options hold exactly its settings")
    func optionsPerMethod() {
        let firstOrder: Set = ["learningRate", "schedule", "clipping"]
        let secondOrder: Set = [
            "iterationsPerEpoch", "gradientTolerance", "relativeDecreaseTolerance",
        ]
        let expected: [C.Kind: Set<String>] = [
            .sgd: firstOrder, .momentum: firstOrder.union(["momentum"]),
            .nesterov: firstOrder.union(["momentum"]), .adagrad: firstOrder.union(["epsilon"]),
            .rmsprop: firstOrder.union(["rho", "epsilon"]),
            .nesterovRMSProp: firstOrder.union(["rho", "momentum", "epsilon"]),
            .adadelta: firstOrder.union(["rho", "epsilon"]),
            .adam: firstOrder.union(["beta1", "beta2", "epsilon"]),
            .adamW: firstOrder.union(["weightDecay", "beta1", "beta2", "epsilon"]),
            .deltaBarDelta: firstOrder, .bfgs: secondOrder,
            .lbfgs: secondOrder.union(["historySize", "batchSize"]),
            .cg: secondOrder.union(["formula"]), .hessianFree: secondOrder.union(["damping"]),
            .newton: secondOrder,
        ]
        for kind in C.Kind.allCases {
            #expect(Self.settingNames(kind) == expected[kind], "\(kind)")
            #expect(C(kind).kind == kind)
            #expect(C(kind).method == C.Method(defaultsOf: kind))
        }
        // beta1 belongs to Adam and AdamW alone: SGD has nowhere to put it.
        #expect(
            C.Kind.allCases.filter { Self.settingNames($0).contains("beta1") } == [.adam, .adamW])
    }

    @Test(
        "the shared first-order settings are read, and the learning rate changed, whatever the rule"
    )
    func sharedSettings() {
        var momentum = C.momentum(
            learningRate: 0.1, momentum: 0.5, schedule: .inverse(rate: 1),
            clipping: .norm(threshold: 2))
        #expect(momentum.learningRate == 0.1)
        #expect(momentum.schedule == .inverse(rate: 1) && momentum.clipping == .norm(threshold: 2))
        momentum.learningRate = 0.3
        #expect(
            momentum
                == C(
                    .momentum(
                        .init(
                            learningRate: 0.3, momentum: 0.5, schedule: .inverse(rate: 1),
                            clipping: .norm(threshold: 2)))))
        let lbfgs = C.lbfgs()
        #expect(lbfgs.learningRate == nil && lbfgs.schedule == nil && lbfgs.clipping == nil)
        #expect(
            lbfgs.effectiveIterationsPerEpoch == 10 && C.newton().effectiveIterationsPerEpoch == 1)
        #expect(C.adam().effectiveIterationsPerEpoch == 0)
        #expect(C.lbfgs(batchSize: 50).largeBatchSize(trainingCount: 100) == 50)
        #expect(C.adam().largeBatchSize(trainingCount: 100) == nil)
    }

    /// `configuration` through JSON and back.
    static func roundTrip(_ configuration: C) throws -> C {
        try JSONDecoder().decode(C.self, from: JSONEncoder().encode(configuration))
    }

    @Test("the typed form is written, the method's name over its options, and read back")
    func typedJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let adam = C.adam(learningRate: 0.01, beta1: 0.8)
        #expect(
            String(decoding: try encoder.encode(adam), as: UTF8.self)
                == #"{"method":{"adam":{"beta1":0.8,"clipping":{"none":{}},"learningRate":0.01,"schedule":{"constant":{}}}}}"#
        )
        let hessianFree = C(.hessianFree(.init(damping: 0.5, gradientTolerance: 1e-6)))
        #expect(
            String(decoding: try encoder.encode(hessianFree), as: UTF8.self)
                == #"{"method":{"hessian-free":{"damping":0.5,"gradientTolerance":1e-06}}}"#)
        let configurations: [C] = [
            .sgd(learningRate: 0.2, schedule: .warmup(updates: 3, then: .cosine(updates: 9))),
            .momentum(momentum: 0.8, clipping: .value(minimum: -1, maximum: 1)),
            .nesterov(learningRate: 0.3), .adagrad(epsilon: 1e-6), .rmsprop(rho: 0.8),
            .nesterovRMSProp(rho: 0.8, momentum: 0.7), .adadelta(rho: 0.9),
            .adam(beta2: 0.99, schedule: .plateau(factor: 0.5, patience: 2)),
            .adamW(weightDecay: 0.1), .deltaBarDelta(learningRate: 0.02),
            .bfgs(iterationsPerEpoch: 4), .lbfgs(historySize: 5, batchSize: 64),
            .conjugateGradient(.fletcherReeves), .hessianFree(damping: 2), .newton(),
            C(.lbfgs(.init(gradientTolerance: 1e-8, relativeDecreaseTolerance: 0))),
        ]
        for configuration in configurations {
            #expect(try Self.roundTrip(configuration) == configuration)
        }
        #expect(Set(configurations.map(\.kind)) == Set(C.Kind.allCases))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(C.self, from: Data(#"{"method":{"adamax":{}}}"#.utf8))
        }
    }

    /// The configuration in `json`.
    static func decode(_ json: String) throws -> C {
        try JSONDecoder().decode(C.self, from: Data(json.utf8))
    }

    /// What `perceptron-train` wrote before the method was typed, for
    /// `--optimizer adam --beta1 0.8 --learning-rate 0.01 --schedule
    /// exponential:0.01 --clip-norm 5` and for `--optimizer lbfgs
    /// --history-size 5 --iterations-per-epoch 3 --gradient-tolerance 1e-7`.
    static let flatAdam =
        #"{"beta1":0.8,"clipping":{"norm":{"threshold":5}},"kind":"adam","learningRate":0.01,"schedule":{"exponential":{"rate":0.01}}}"#
    static let flatLBFGS =
        #"{"clipping":{"none":{}},"gradientTolerance":1e-07,"historySize":5,"iterationsPerEpoch":3,"kind":"lbfgs","schedule":{"constant":{}}}"#

    @Test("the flat form of earlier versions is read into the typed form")
    func flatJSON() throws {
        #expect(
            try Self.decode(Self.flatAdam)
                == .adam(
                    learningRate: 0.01, beta1: 0.8, schedule: .exponential(rate: 0.01),
                    clipping: .norm(threshold: 5)))
        #expect(
            try Self.decode(Self.flatLBFGS)
                == C(.lbfgs(.init(historySize: 5, iterationsPerEpoch: 3, gradientTolerance: 1e-7))))
        // Settings the method did not read, which the trainer ignored, are
        // dropped; unset second-order settings take their defaults.
        #expect(
            try Self.decode(
                #"{"kind":"sgd","learningRate":0.5,"beta1":0.9,"historySize":3,"schedule":{"constant":{}},"clipping":{"none":{}}}"#
            ) == .sgd(learningRate: 0.5))
        #expect(
            try Self.decode(
                #"{"kind":"hessian-free","learningRate":0.1,"schedule":{"step":{"factor":0.5,"interval":2}},"clipping":{"none":{}}}"#
            ) == .hessianFree())
        #expect(
            try Self.decode(
                #"{"kind":"cg","conjugateGradientFormula":"hestenesStiefel","schedule":{"constant":{}},"clipping":{"none":{}}}"#
            ) == .conjugateGradient(.hestenesStiefel))
        #expect(
            try Self.decode(#"{"kind":"lbfgs","schedule":{"constant":{}},"clipping":{"none":{}}}"#)
                == .lbfgs())
        // Reading the flat form and writing it again gives the typed form.
        let rewritten = String(
            decoding: try JSONEncoder().encode(try Self.decode(Self.flatAdam)), as: UTF8.self)
        #expect(rewritten.hasPrefix(#"{"method":{"adam":"#) && !rewritten.contains("kind"))
    }

    /// A trainer of `configuration` on a small problem after two epochs,
    /// with its training data.
    static func trained(_ configuration: C) throws -> (Trainer<Double>, Dataset<Double>) {
        var generator = Xoshiro256StarStar(seed: 3)
        let data = Dataset<Double>.moons(count: 120, noise: 0.1, using: &generator)
        let model = Sequential<Double>(
            inputs: 2, layers: [.dense(outputs: 6, activation: .tanh), .dense(outputs: 2)],
            loss: .softmaxCrossEntropy, using: &generator)
        var trainer = Trainer(model: model, optimizer: configuration, batchSize: 16, seed: 4)
        trainer.threadBudget = 1
        try trainer.fit(training: data, epochs: 2)
        return (trainer, data)
    }

    /// The flat forms above with the configurations they stand for.
    static let flatAndTyped: [(flat: String, typed: C)] = [
        (
            flatAdam,
            .adam(
                learningRate: 0.01, beta1: 0.8, schedule: .exponential(rate: 0.01),
                clipping: .norm(threshold: 5))
        ),
        (
            flatLBFGS,
            C(.lbfgs(.init(historySize: 5, iterationsPerEpoch: 3, gradientTolerance: 1e-7)))
        ),
    ]

    @Test(
        "a checkpoint with the flat form loads into the typed form and resumes to the same bits",
        arguments: flatAndTyped)
    func flatCheckpoint(flat: String, typed: C) throws {
        let (trainer, data) = try Self.trained(typed)
        let file = try TrainingCheckpoint(trainer: trainer).safeTensors()
        #expect(file.metadata["optimizer"]!.hasPrefix(#"{"method":"#))
        var oldFile = file
        oldFile.metadata["optimizer"] = flat
        var fromOld = try TrainingCheckpoint<Double>(oldFile).trainer
        var fromNew = try TrainingCheckpoint<Double>(file).trainer
        #expect(fromOld.optimizer.configuration == typed)
        #expect(fromOld.optimizer.state == trainer.optimizer.state)
        // Written again, it takes the typed form.
        let rewritten = try TrainingCheckpoint(trainer: fromOld).safeTensors()
        #expect(rewritten.metadata["optimizer"] == file.metadata["optimizer"])
        fromOld.threadBudget = 1
        fromNew.threadBudget = 1
        try fromOld.fit(training: data, epochs: 4)
        try fromNew.fit(training: data, epochs: 4)
        #expect(fromOld.epochsCompleted > 2)
        #expect(fromOld.model.parameters == fromNew.model.parameters)
        #expect(fromOld.history.records.map(\.loss) == fromNew.history.records.map(\.loss))
    }
}
