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
public struct Adadelta<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "Adadelta" }
    public static var stateVectorNames: [String] { ["meanSquareGradient", "meanSquareUpdate"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The decay `rho` in `[0, 1)` of both running averages.
    public var rho: Scalar
    /// The constant `epsilon > 0` inside both roots.
    public var epsilon: Scalar

    /// The running averages of squared gradient components `a(k)` (empty
    /// before the first update).
    public var meanSquareGradient: [Scalar] { stateVector(0) }
    /// The running averages of squared updates `d(k)` (empty before the
    /// first update).
    public var meanSquareUpdate: [Scalar] { stateVector(1) }

    /// Adadelta with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: the factor `gamma_0 >= 0` applied to each step;
    ///     defaults to `1` (the paper has none).
    ///   - rho: in `[0, 1)`; defaults to `0.95` (Zeiler's value).
    ///   - epsilon: `> 0`; defaults to `1e-6` (Zeiler's value).
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 1, rho: Scalar = 0.95, epsilon: Scalar = 1e-6,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(rho >= 0 && rho < 1, "Adadelta: rho \(rho) not in [0, 1)")
        require(epsilon > 0, "Adadelta: epsilon \(epsilon) <= 0")
        (self.rho, self.epsilon) = (rho, epsilon)
    }

    /// `a = rho a + (1 - rho) g^2`, `delta = -sqrt(d + epsilon) /
    /// sqrt(a + epsilon) g`, `d = rho d + (1 - rho) delta^2`,
    /// `w += gamma_k delta`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        let (w, g, clip) = (update.parameters, update.gradient, update.clip)
        let (a, d) = (update.state(0), update.state(1))
        let (rate, rho, epsilon) = (update.rate, rho, epsilon)
        for i in w.indices {
            let gi = clip(g[i])
            a[i] = rho * a[i] + (1 - rho) * gi * gi
            let delta =
                -(d[i] + epsilon).nonNegativeSquareRoot / (a[i] + epsilon).nonNegativeSquareRoot * gi
            d[i] = rho * d[i] + (1 - rho) * delta * delta
            w[i] += rate * delta
        }
    }
}
