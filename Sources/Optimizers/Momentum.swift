import Tensor

/// The momentum (heavy ball) method: the step is a velocity that
/// accumulates past gradients with exponentially decaying weights.
///
/// ```
/// v(k+1) = beta v(k) - gamma_k g(k)
/// w(k+1) = w(k) + v(k+1)
/// ```
///
/// so that `w(k+1) = w(k) - gamma sum_{i=0..k} beta^i g(k-i)` for a constant
/// rate: the method remembers the whole history and forgets older steps
/// geometrically. (The new velocity `v(k+1)` is applied, as in Goodfellow et
/// al., algorithm 8.2, and Sutskever et al., equations 1-2. The velocity is
/// kept in units of parameters, so a changing learning rate affects only new
/// gradients.)
///
/// Three BLAS level-1 calls per update (`?scal`, `?axpy`, `?axpy`); a
/// value-clipped gradient takes one fused loop instead. The velocity starts
/// at zero.
///
/// References:
/// - B. T. Polyak, "Some methods of speeding up the convergence of iteration
///   methods", USSR Computational Mathematics and Mathematical Physics 4(5),
///   1-17, 1964.
/// - D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations
///   by back-propagating errors", Nature 323, 533-536, 1986.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   algorithm 8.2.
/// - I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
///   initialization and momentum in deep learning", ICML 2013.
public struct Momentum<Scalar: BLASScalar>: FirstOrderRule, Sendable {
    public static var name: String { "Momentum" }
    public static var stateVectorNames: [String] { ["velocity"] }
    public var settings: FirstOrderSettings<Scalar>
    /// The momentum coefficient `beta` in `[0, 1)`.
    public var momentum: Scalar

    /// The velocity `v(k)`, one element per parameter (empty before the
    /// first update).
    public var velocity: [Scalar] { stateVector(0) }

    /// The momentum method with the given options.
    ///
    /// - Parameters:
    ///   - learningRate: `gamma_0 >= 0`; defaults to `0.01`.
    ///   - momentum: `beta` in `[0, 1)`; defaults to `0.9`.
    ///   - schedule: defaults to ``LearningRateSchedule/constant``.
    ///   - clipping: defaults to ``GradientClipping/none``.
    public init(
        learningRate: Scalar = 0.01, momentum: Scalar = 0.9,
        schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        settings = FirstOrderSettings(
            Self.name, learningRate: learningRate, schedule: schedule, clipping: clipping)
        require(momentum >= 0 && momentum < 1, "Momentum: momentum \(momentum) not in [0, 1)")
        self.momentum = momentum
    }

    /// `v = beta v - gamma_k g`, `w += v`.
    @inlinable
    public func apply(_ update: FirstOrderUpdate<Scalar>) {
        var (w, v) = (update.parameters, update.state(0))
        let (g, clip) = (update.gradient, update.clip)
        let (rate, beta) = (update.rate, momentum)
        if clip.isScaling {
            BLAS.scal(beta, &v)
            BLAS.axpy(-rate * clip.scale, g, &v)
            BLAS.axpy(1, v, &w)
        } else {
            for i in w.indices {
                v[i] = beta * v[i] - rate * clip(g[i])
                w[i] += v[i]
            }
        }
    }
}
