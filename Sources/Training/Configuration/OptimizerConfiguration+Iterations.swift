extension OptimizerConfiguration {
    /// The configuration with a second-order method's iterations per epoch
    /// set to `iterations` (a first-order rule, which has none, unchanged):
    /// how an estimator runs its whole iteration budget in one epoch.
    func withIterationsPerEpoch(_ iterations: Int) -> OptimizerConfiguration {
        var configuration = self
        switch method {
        case .bfgs(var options):
            options.iterationsPerEpoch = iterations
            configuration.method = .bfgs(options)
        case .lbfgs(var options):
            options.iterationsPerEpoch = iterations
            configuration.method = .lbfgs(options)
        case .conjugateGradient(var options):
            options.iterationsPerEpoch = iterations
            configuration.method = .conjugateGradient(options)
        case .hessianFree(var options):
            options.iterationsPerEpoch = iterations
            configuration.method = .hessianFree(options)
        case .newton(var options):
            options.iterationsPerEpoch = iterations
            configuration.method = .newton(options)
        case .sgd, .momentum, .nesterov, .adagrad, .rmsprop, .nesterovRMSProp, .adadelta, .adam,
            .adamW, .deltaBarDelta:
            break
        }
        return configuration
    }
}
