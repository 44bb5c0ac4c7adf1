import Optimizers

extension OptimizerConfiguration {
    /// The optimization method with its options: one case per first-order
    /// rule and per second-order method, each carrying the value type that
    /// holds exactly that method's settings, with their formulas, defaults
    /// and sources.
    ///
    /// ```swift
    /// let method: OptimizerConfiguration.Method = .adam(.init(learningRate: 3e-4, beta2: 0.99))
    /// switch configuration.method {
    /// case .adam(let options): print(options.beta1 ?? 0.9)
    /// default: break
    /// }
    /// ```
    public enum Method: Hashable, Sendable {
        /// Gradient descent (`GradientDescent`).
        case sgd(SGDOptions)
        /// The momentum method (`Momentum`).
        case momentum(MomentumOptions)
        /// Nesterov momentum (`NesterovMomentum`).
        case nesterov(NesterovOptions)
        /// AdaGrad (`AdaGrad`).
        case adagrad(AdaGradOptions)
        /// RMSProp (`RMSProp`).
        case rmsprop(RMSPropOptions)
        /// RMSProp with Nesterov momentum (`NesterovRMSProp`).
        case nesterovRMSProp(NesterovRMSPropOptions)
        /// Adadelta (`Adadelta`).
        case adadelta(AdadeltaOptions)
        /// Adam (`Adam`).
        case adam(AdamOptions)
        /// AdamW (`AdamW`): Adam with decoupled weight decay.
        case adamW(AdamWOptions)
        /// Delta-bar-delta (`DeltaBarDelta`).
        case deltaBarDelta(DeltaBarDeltaOptions)
        /// BFGS (`BFGS`) with a dense inverse Hessian.
        case bfgs(BFGSOptions)
        /// L-BFGS (`LBFGS`), or OWL-QN (`OWLQN`) on a model with an L1
        /// penalty.
        case lbfgs(LBFGSOptions)
        /// Nonlinear conjugate gradient (`NonlinearConjugateGradient`).
        case conjugateGradient(ConjugateGradientOptions)
        /// Hessian-free optimization (`HessianFree`).
        case hessianFree(HessianFreeOptions)
        /// Newton's method (`Newton`) with a dense finite-difference
        /// Hessian.
        case newton(NewtonOptions)

        /// The method `kind` with every option at its default.
        public init(defaultsOf kind: Kind) {
            switch kind {
            case .sgd: self = .sgd(SGDOptions())
            case .momentum: self = .momentum(MomentumOptions())
            case .nesterov: self = .nesterov(NesterovOptions())
            case .adagrad: self = .adagrad(AdaGradOptions())
            case .rmsprop: self = .rmsprop(RMSPropOptions())
            case .nesterovRMSProp: self = .nesterovRMSProp(NesterovRMSPropOptions())
            case .adadelta: self = .adadelta(AdadeltaOptions())
            case .adam: self = .adam(AdamOptions())
            case .adamW: self = .adamW(AdamWOptions())
            case .deltaBarDelta: self = .deltaBarDelta(DeltaBarDeltaOptions())
            case .bfgs: self = .bfgs(BFGSOptions())
            case .lbfgs: self = .lbfgs(LBFGSOptions())
            case .cg: self = .conjugateGradient(ConjugateGradientOptions())
            case .hessianFree: self = .hessianFree(HessianFreeOptions())
            case .newton: self = .newton(NewtonOptions())
            }
        }

        /// The method's name without its options.
        public var kind: Kind {
            switch self {
            case .sgd: .sgd
            case .momentum: .momentum
            case .nesterov: .nesterov
            case .adagrad: .adagrad
            case .rmsprop: .rmsprop
            case .nesterovRMSProp: .nesterovRMSProp
            case .adadelta: .adadelta
            case .adam: .adam
            case .adamW: .adamW
            case .deltaBarDelta: .deltaBarDelta
            case .bfgs: .bfgs
            case .lbfgs: .lbfgs
            case .conjugateGradient: .cg
            case .hessianFree: .hessianFree
            case .newton: .newton
            }
        }

        /// The options the case carries.
        var options: any MethodOptions {
            switch self {
            case .sgd(let options): options
            case .momentum(let options): options
            case .nesterov(let options): options
            case .adagrad(let options): options
            case .rmsprop(let options): options
            case .nesterovRMSProp(let options): options
            case .adadelta(let options): options
            case .adam(let options): options
            case .adamW(let options): options
            case .deltaBarDelta(let options): options
            case .bfgs(let options): options
            case .lbfgs(let options): options
            case .conjugateGradient(let options): options
            case .hessianFree(let options): options
            case .newton(let options): options
            }
        }

        /// A first-order rule's options; `nil` for a second-order method.
        var firstOrderOptions: (any FirstOrderRuleOptions)? {
            options as? any FirstOrderRuleOptions
        }

        /// A second-order method's options; `nil` for a first-order rule.
        var secondOrderOptions: (any SecondOrderMethodOptions)? {
            options as? any SecondOrderMethodOptions
        }
    }
}
