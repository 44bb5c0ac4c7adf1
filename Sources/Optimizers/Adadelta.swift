import Tensor

/// Adadelta: RMSProp whose step size comes from the method itself, as the
/// ratio of the root mean square of recent updates to that of recent
/// gradients, so that the update has the units of the parameters.
///
/// ```
/// a_i(k+1)  = rho a_i(k) + (1 - rho) g_i(k)^2
/// dw_i(k)   = -sqrt(d_i(k) + epsilon) / sqrt(a_i(k+1) + epsilon) g_i(k)
/// d_i(k+1)  = rho d_i(k) + (1 - rho) dw_i(k)^2
/// w_i(k+1)  = w_i(k) + gamma_k dw_i(k)
/// ```
///
/// Zeiler's algorithm 1 has no learning rate; `gamma` (default 1, as in
/// PyTorch) only scales the applied step, and the average `d` accumulates
/// the unscaled `dw`. The update average is kept per component, as in the
/// paper (not as a single scalar `||dw||^2` shared by all components), and
/// `epsilon` also starts the method (with `d(0) = 0` and no `epsilon` the
/// first step would be zero forever).
/// Both averages start at zero. One fused loop per update.
///
/// References:
/// - M. D. Zeiler, "ADADELTA: An adaptive learning rate method",
///   arXiv:1212.5701, 2012, algorithm 1.
public struct Adadelta<Scalar: BLASScalar>: FirstOrderOptimizer, Sendable {
    /// The factor `gamma_0 >= 0` applied to each step (1 in the paper).
    public var learningRate: Scalar
    /// The decay `rho` in `[0, 1)` of both running averages.
    public var rho: Scalar
    /// The constant `epsilon > 0` inside both roots.
    public var epsilon: Scalar
    /// How the step factor changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the update.
    public var clipping: GradientClipping<Scalar>
    @usableFromInline var steps = 0
    @usableFromInline var meanSquareGradientStorage: [Scalar] = []
    @usableFromInline var meanSquareUpdateStorage: [Scalar] = []

    /// The number of updates applied so far.
    public var stepCount: Int { steps }
    /// The running averages of squared gradient components `a(k)` (empty
    /// before the first update).
    public var meanSquareGradient: [Scalar] { meanSquareGradientStorage }
    /// The running averages of squared updates `d(k)` (empty before the
    /// first update).
    public var meanSquareUpdate: [Scalar] { meanSquareUpdateStorage }

    /// Adadelta with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `1`.
    ///   - rho: in `[0, 1)`; defaults to `0.95` (Zeiler's value).
    ///   - epsilon: `> 0`; defaults to `1e-6` (Zeiler's value).
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 1,
        rho: Scalar = 0.95,
        epsilon: Scalar = 1e-6,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "Adadelta: learningRate \(learningRate) < 0")
        require(rho >= 0 && rho < 1, "Adadelta: rho \(rho) not in [0, 1)")
        require(epsilon > 0, "Adadelta: epsilon \(epsilon) <= 0")
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Applies one Adadelta step to `parameters`.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        require(
            parameterCount: parameters.count, gradientCount: gradient.count, in: "Adadelta")
        meanSquareGradientStorage.prepareState(
            count: parameters.count, name: "meanSquareGradient", in: "Adadelta")
        meanSquareUpdateStorage.prepareState(
            count: parameters.count, name: "meanSquareUpdate", in: "Adadelta")
        let rate = currentLearningRate
        let (rho, epsilon) = (rho, epsilon)
        let clip = clipping.transform(for: gradient)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                meanSquareGradientStorage.withUnsafeMutableBufferPointer { a in
                    meanSquareUpdateStorage.withUnsafeMutableBufferPointer { d in
                        for i in w.indices {
                            let gi = clip(g[i])
                            a[i] = rho * a[i] + (1 - rho) * gi * gi
                            let delta =
                                -(d[i] + epsilon).nonNegativeSquareRoot
                                / (a[i] + epsilon).nonNegativeSquareRoot * gi
                            d[i] = rho * d[i] + (1 - rho) * delta * delta
                            w[i] += rate * delta
                        }
                    }
                }
            }
        }
        steps += 1
    }

    /// The step count and the vectors `meanSquareGradient` and `meanSquareUpdate`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "Adadelta", stepCount: steps,
            vectors: [
                "meanSquareGradient": meanSquareGradientStorage,
                "meanSquareUpdate": meanSquareUpdateStorage,
            ])
    }

    /// Restores the step count and both averages from an ``Adadelta`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(
            for: "Adadelta", vectors: ["meanSquareGradient", "meanSquareUpdate"])
        steps = state.stepCount
        meanSquareGradientStorage = vectors[0]
        meanSquareUpdateStorage = vectors[1]
    }
}
