import Optimizers

// One static member per first-order rule, each with exactly the settings its
// rule reads (its options type, such as `AdamOptions`), so that
// `.adam(learningRate: 1e-3)` reads like `.lbfgs()`. A setting left `nil`
// takes the rule's own default, given in each comment; `gamma` is the
// learning rate after the schedule, `g` the (clipped) gradient, and the
// squares, roots and quotients are element-wise.
extension OptimizerConfiguration {
    /// Gradient descent (`GradientDescent`): `w <- w - gamma g`
    /// (Cauchy 1847).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.01.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func sgd(
        learningRate: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(.sgd(.init(learningRate: learningRate, schedule: schedule, clipping: clipping)))
    }

    /// The momentum method (`Momentum`): `v <- beta v - gamma g; w <- w + v`
    /// (Polyak 1964; Goodfellow et al., *Deep Learning*, algorithm 8.2).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.01.
    ///   - momentum: `beta` in `[0, 1)`; `nil`: 0.9.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func momentum(
        learningRate: Double? = nil, momentum: Double? = nil, schedule: Schedule = .constant,
        clipping: Clipping = .none
    ) -> Self {
        Self(
            .momentum(
                .init(
                    learningRate: learningRate, momentum: momentum, schedule: schedule,
                    clipping: clipping)))
    }

    /// Nesterov momentum (`NesterovMomentum`):
    /// `v <- beta v - gamma grad L(w + beta v); w <- w + v`, kept in the
    /// look-ahead form that takes the gradient at the stored parameters
    /// (Nesterov 1983; Sutskever et al., ICML 2013, equations 3-4).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.01.
    ///   - momentum: `beta` in `[0, 1)`; `nil`: 0.9.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func nesterov(
        learningRate: Double? = nil, momentum: Double? = nil, schedule: Schedule = .constant,
        clipping: Clipping = .none
    ) -> Self {
        Self(
            .nesterov(
                .init(
                    learningRate: learningRate, momentum: momentum, schedule: schedule,
                    clipping: clipping)))
    }

    /// AdaGrad (`AdaGrad`):
    /// `a <- a + g^2; w <- w - gamma g / (sqrt(a) + epsilon)`
    /// (Duchi, Hazan & Singer, JMLR 2011).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.01.
    ///   - epsilon: The constant added to the root, positive; `nil`: 1e-10.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func adagrad(
        learningRate: Double? = nil, epsilon: Double? = nil, schedule: Schedule = .constant,
        clipping: Clipping = .none
    ) -> Self {
        Self(
            .adagrad(
                .init(
                    learningRate: learningRate, epsilon: epsilon, schedule: schedule,
                    clipping: clipping)))
    }

    /// RMSProp (`RMSProp`):
    /// `a <- rho a + (1 - rho) g^2; w <- w - gamma g / (sqrt(a) + epsilon)`
    /// (Tieleman & Hinton, COURSERA: Neural Networks for Machine Learning, 2012).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.001.
    ///   - rho: The decay of the squared-gradient average, in `[0, 1)`;
    ///     `nil`: 0.9.
    ///   - epsilon: The constant added to the root, positive; `nil`: 1e-8.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func rmsprop(
        learningRate: Double? = nil, rho: Double? = nil, epsilon: Double? = nil,
        schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(
            .rmsprop(
                .init(
                    learningRate: learningRate, rho: rho, epsilon: epsilon, schedule: schedule,
                    clipping: clipping)))
    }

    /// RMSProp with Nesterov momentum (`NesterovRMSProp`):
    /// `a <- rho a + (1 - rho) g^2; v <- beta v - gamma g / (sqrt(a) +
    /// epsilon); w <- w + v`, `g` taken at the look-ahead point `w + beta v`
    /// (Goodfellow et al., *Deep Learning*, algorithm 8.6).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.001.
    ///   - rho: The decay of the squared-gradient average, in `[0, 1)`;
    ///     `nil`: 0.9.
    ///   - momentum: `beta` in `[0, 1)`; `nil`: 0.9.
    ///   - epsilon: The constant added to the root, positive; `nil`: 1e-8.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func nesterovRMSProp(
        learningRate: Double? = nil, rho: Double? = nil, momentum: Double? = nil,
        epsilon: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(
            .nesterovRMSProp(
                .init(
                    learningRate: learningRate, rho: rho, momentum: momentum, epsilon: epsilon,
                    schedule: schedule, clipping: clipping)))
    }

    /// Adadelta (`Adadelta`): `a <- rho a + (1 - rho) g^2;
    /// dw = -sqrt(d + epsilon) / sqrt(a + epsilon) g; d <- rho d + (1 - rho)
    /// dw^2; w <- w + gamma dw` (Zeiler, arXiv:1212.5701, algorithm 1).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`, a factor on Zeiler's step; `nil`: 1.
    ///   - rho: The decay of both averages, in `[0, 1)`; `nil`: 0.95.
    ///   - epsilon: The constant under both roots, positive; `nil`: 1e-6.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func adadelta(
        learningRate: Double? = nil, rho: Double? = nil, epsilon: Double? = nil,
        schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(
            .adadelta(
                .init(
                    learningRate: learningRate, rho: rho, epsilon: epsilon, schedule: schedule,
                    clipping: clipping)))
    }

    /// Adam (`Adam`): `m <- beta1 m + (1 - beta1) g; v <- beta2 v +
    /// (1 - beta2) g^2; w <- w - gamma (m / (1 - beta1^t)) / (sqrt(v / (1 -
    /// beta2^t)) + epsilon)` at update `t = 1, 2, ...` (Kingma & Ba, ICLR
    /// 2015, algorithm 1).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.001.
    ///   - beta1: The first moment's decay, in `[0, 1)`; `nil`: 0.9.
    ///   - beta2: The second moment's decay, in `[0, 1)`; `nil`: 0.999.
    ///   - epsilon: The constant added to the root, positive; `nil`: 1e-8.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func adam(
        learningRate: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
        epsilon: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(
            .adam(
                .init(
                    learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                    schedule: schedule, clipping: clipping)))
    }

    /// AdamW (`AdamW`): Adam's moments, with the weights shrunk by
    /// `gamma lambda` of themselves at each update instead of an L2 term in
    /// the gradient: `w <- (1 - gamma lambda) w - gamma mhat / (sqrt(vhat) +
    /// epsilon)` (Loshchilov & Hutter, ICLR 2019, algorithm 2, with the decay
    /// scaled by the learning rate as in PyTorch).
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0`; `nil`: 0.001.
    ///   - weightDecay: `lambda`, at least 0; `nil`: 0.01.
    ///   - beta1: The first moment's decay, in `[0, 1)`; `nil`: 0.9.
    ///   - beta2: The second moment's decay, in `[0, 1)`; `nil`: 0.999.
    ///   - epsilon: The constant added to the root, positive; `nil`: 1e-8.
    ///   - schedule: How `gamma` changes with the step count.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func adamW(
        learningRate: Double? = nil, weightDecay: Double? = nil, beta1: Double? = nil,
        beta2: Double? = nil, epsilon: Double? = nil, schedule: Schedule = .constant,
        clipping: Clipping = .none
    ) -> Self {
        Self(
            .adamW(
                .init(
                    learningRate: learningRate, weightDecay: weightDecay, beta1: beta1,
                    beta2: beta2, epsilon: epsilon, schedule: schedule, clipping: clipping)))
    }

    /// Delta-bar-delta (`DeltaBarDelta`): `w_i <- w_i - m eta_i g_i`, each
    /// rate `eta_i` (from `gamma_0`) raised by `kappa` while `g_i` keeps the
    /// sign of its running average and multiplied by `1 - phi` when it
    /// flips, `m` the schedule's factor (Jacobs, Neural Networks 1(4),
    /// 1988). `kappa`, `phi` and the average's decay keep `DeltaBarDelta`'s
    /// defaults.
    ///
    /// - Parameters:
    ///   - learningRate: Every rate's start `gamma_0`; `nil`: 0.01.
    ///   - schedule: The factor `m` on the adapted rates.
    ///   - clipping: The clipping applied to `g` before the update.
    public static func deltaBarDelta(
        learningRate: Double? = nil, schedule: Schedule = .constant, clipping: Clipping = .none
    ) -> Self {
        Self(
            .deltaBarDelta(
                .init(learningRate: learningRate, schedule: schedule, clipping: clipping)))
    }
}
