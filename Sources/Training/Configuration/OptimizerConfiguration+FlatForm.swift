import Optimizers

/// The JSON form of ``OptimizerConfiguration`` before its method was typed,
/// which earlier checkpoints store: the method's name (`kind`) beside every
/// method's settings, each optional, such as `{"kind": "lbfgs",
/// "historySize": 5, "schedule": {"constant": {}}, "clipping": {"none":
/// {}}}`. Read only, into the typed form (``method``).
struct FlatOptimizerConfiguration: Decodable {
    var kind: OptimizerConfiguration.Kind
    var learningRate: Double?
    var momentum: Double?
    var beta1: Double?
    var beta2: Double?
    var weightDecay: Double?
    var rho: Double?
    var epsilon: Double?
    var schedule: OptimizerConfiguration.Schedule?
    var clipping: OptimizerConfiguration.Clipping?
    var iterationsPerEpoch: Int?
    var historySize: Int?
    var batchSize: Int?
    var conjugateGradientFormula: ConjugateGradientFormula?
    var damping: Double?
    var gradientTolerance: Double?
    var relativeDecreaseTolerance: Double?

    /// The typed method: `kind` with the settings it read, their defaults
    /// where they were unset. The settings it did not read (`beta1` beside
    /// `sgd`, a schedule beside `lbfgs`, ...), which the trainer ignored,
    /// are dropped.
    var method: OptimizerConfiguration.Method {
        let schedule = schedule ?? .constant
        let clipping = clipping ?? .none
        switch kind {
        case .sgd:
            return .sgd(.init(learningRate: learningRate, schedule: schedule, clipping: clipping))
        case .momentum:
            return .momentum(
                .init(
                    learningRate: learningRate, momentum: momentum, schedule: schedule,
                    clipping: clipping))
        case .nesterov:
            return .nesterov(
                .init(
                    learningRate: learningRate, momentum: momentum, schedule: schedule,
                    clipping: clipping))
        case .adagrad:
            return .adagrad(
                .init(
                    learningRate: learningRate, epsilon: epsilon, schedule: schedule,
                    clipping: clipping))
        case .rmsprop:
            return .rmsprop(
                .init(
                    learningRate: learningRate, rho: rho, epsilon: epsilon, schedule: schedule,
                    clipping: clipping))
        case .nesterovRMSProp:
            return .nesterovRMSProp(
                .init(
                    learningRate: learningRate, rho: rho, momentum: momentum, epsilon: epsilon,
                    schedule: schedule, clipping: clipping))
        case .adadelta:
            return .adadelta(
                .init(
                    learningRate: learningRate, rho: rho, epsilon: epsilon, schedule: schedule,
                    clipping: clipping))
        case .adam:
            return .adam(
                .init(
                    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                    schedule: schedule, clipping: clipping))
        case .adamW:
            return .adamW(
                .init(
                    learningRate: learningRate, weightDecay: weightDecay, beta1: beta1,
                    beta2: beta2, epsilon: epsilon, schedule: schedule, clipping: clipping))
        case .deltaBarDelta:
            return .deltaBarDelta(
                .init(learningRate: learningRate, schedule: schedule, clipping: clipping))
        case .bfgs:
            return .bfgs(
                .init(
                    iterationsPerEpoch: iterationsPerEpoch, gradientTolerance: gradientTolerance,
                    relativeDecreaseTolerance: relativeDecreaseTolerance))
        case .lbfgs:
            return .lbfgs(
                .init(
                    historySize: historySize ?? 10, batchSize: batchSize,
                    iterationsPerEpoch: iterationsPerEpoch, gradientTolerance: gradientTolerance,
                    relativeDecreaseTolerance: relativeDecreaseTolerance))
        case .cg:
            return .conjugateGradient(
                .init(
                    formula: conjugateGradientFormula ?? .polakRibierePlus,
                    iterationsPerEpoch: iterationsPerEpoch, gradientTolerance: gradientTolerance,
                    relativeDecreaseTolerance: relativeDecreaseTolerance))
        case .hessianFree:
            return .hessianFree(
                .init(
                    damping: damping ?? 1, iterationsPerEpoch: iterationsPerEpoch,
                    gradientTolerance: gradientTolerance,
                    relativeDecreaseTolerance: relativeDecreaseTolerance))
        case .newton:
            return .newton(
                .init(
                    iterationsPerEpoch: iterationsPerEpoch, gradientTolerance: gradientTolerance,
                    relativeDecreaseTolerance: relativeDecreaseTolerance))
        }
    }
}
