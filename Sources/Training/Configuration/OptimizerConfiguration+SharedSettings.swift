import Tensor

// The settings every first-order rule has (the initial learning rate, its
// schedule and the clipping), read without switching on the method; a
// second-order method has none of them.

extension OptimizerConfiguration {
    /// A first-order rule's initial learning rate `gamma_0`: `nil` when it
    /// takes the rule's default, and for a second-order method, whose line
    /// search or trust region chooses every step.
    ///
    /// Setting it changes the rule's ``Method`` options; a second-order
    /// method takes only `nil`.
    public var learningRate: Double? {
        get { method.firstOrderOptions?.learningRate }
        set {
            func changed<Options: FirstOrderRuleOptions>(
                _ options: Options, _ method: (Options) -> Method
            ) -> Method {
                var options = options
                options.learningRate = newValue
                return method(options)
            }
            switch method {
            case .sgd(let options): method = changed(options, Method.sgd)
            case .momentum(let options): method = changed(options, Method.momentum)
            case .nesterov(let options): method = changed(options, Method.nesterov)
            case .adagrad(let options): method = changed(options, Method.adagrad)
            case .rmsprop(let options): method = changed(options, Method.rmsprop)
            case .nesterovRMSProp(let options): method = changed(options, Method.nesterovRMSProp)
            case .adadelta(let options): method = changed(options, Method.adadelta)
            case .adam(let options): method = changed(options, Method.adam)
            case .adamW(let options): method = changed(options, Method.adamW)
            case .deltaBarDelta(let options): method = changed(options, Method.deltaBarDelta)
            case .bfgs, .lbfgs, .conjugateGradient, .hessianFree, .newton:
                require(
                    newValue == nil,
                    "OptimizerConfiguration: \(kind.rawValue) has no learning rate")
            }
        }
    }

    /// A first-order rule's learning-rate schedule; `nil` for a
    /// second-order method.
    public var schedule: Schedule? { method.firstOrderOptions?.schedule }

    /// A first-order rule's gradient clipping; `nil` for a second-order
    /// method.
    public var clipping: Clipping? { method.firstOrderOptions?.clipping }
}
