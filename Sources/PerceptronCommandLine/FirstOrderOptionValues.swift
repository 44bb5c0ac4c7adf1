import Perceptron

/// The values of `train`'s first-order options (`--learning-rate`,
/// `--momentum`, `--beta1`, `--beta2`, `--weight-decay`, `--rho`,
/// `--schedule`, `--clip-value`/`--clip-norm`), each `nil` when not given,
/// in both directions: into the typed configuration of a rule, and back out
/// of a configuration, to compare with a checkpoint's.
struct FirstOrderOptionValues: Equatable {
    var learningRate: Double?
    var momentum: Double?
    var beta1: Double?
    var beta2: Double?
    var weightDecay: Double?
    var rho: Double?
    var schedule: OptimizerConfiguration.Schedule = .constant
    var clipping: OptimizerConfiguration.Clipping = .none
}

extension FirstOrderOptionValues {
    /// The values `configuration` holds: `nil` for an option its method
    /// has no setting for or leaves at the default, and a constant schedule
    /// and no clipping for a second-order method.
    init(_ configuration: OptimizerConfiguration) {
        self.init()
        learningRate = configuration.learningRate
        schedule = configuration.schedule ?? .constant
        clipping = configuration.clipping ?? .none
        switch configuration.method {
        case .momentum(let options): momentum = options.momentum
        case .nesterov(let options): momentum = options.momentum
        case .rmsprop(let options): rho = options.rho
        case .nesterovRMSProp(let options): (rho, momentum) = (options.rho, options.momentum)
        case .adadelta(let options): rho = options.rho
        case .adam(let options): (beta1, beta2) = (options.beta1, options.beta2)
        case .adamW(let options):
            (beta1, beta2, weightDecay) = (options.beta1, options.beta2, options.weightDecay)
        case .sgd, .adagrad, .deltaBarDelta, .bfgs, .lbfgs, .conjugateGradient, .hessianFree,
            .newton:
            break
        }
    }

    /// The configuration of the first-order rule `kind` with these values.
    /// The options `kind` has no setting for must be `nil`
    /// (``TrainCommand/checkFirstOrderOptions(_:)`` refuses them).
    func configuration(_ kind: OptimizerConfiguration.Kind) -> OptimizerConfiguration {
        switch kind {
        case .sgd: .sgd(learningRate: learningRate, schedule: schedule, clipping: clipping)
        case .momentum:
            .momentum(
                learningRate: learningRate, momentum: momentum, schedule: schedule,
                clipping: clipping)
        case .nesterov:
            .nesterov(
                learningRate: learningRate, momentum: momentum, schedule: schedule,
                clipping: clipping)
        case .adagrad: .adagrad(learningRate: learningRate, schedule: schedule, clipping: clipping)
        case .rmsprop:
            .rmsprop(learningRate: learningRate, rho: rho, schedule: schedule, clipping: clipping)
        case .nesterovRMSProp:
            .nesterovRMSProp(
                learningRate: learningRate, rho: rho, momentum: momentum, schedule: schedule,
                clipping: clipping)
        case .adadelta:
            .adadelta(learningRate: learningRate, rho: rho, schedule: schedule, clipping: clipping)
        case .adam:
            .adam(
                learningRate: learningRate, beta1: beta1, beta2: beta2, schedule: schedule,
                clipping: clipping)
        case .adamW:
            .adamW(
                learningRate: learningRate, weightDecay: weightDecay, beta1: beta1, beta2: beta2,
                schedule: schedule, clipping: clipping)
        case .deltaBarDelta:
            .deltaBarDelta(learningRate: learningRate, schedule: schedule, clipping: clipping)
        case .bfgs, .lbfgs, .cg, .hessianFree, .newton:
            fatalError("FirstOrderOptionValues: \(kind.rawValue) is not a first-order rule")
        }
    }
}
