import Tensor

/// How an optimizer limits the gradient before its update rule sees it,
/// against the exploding gradients of deep and recurrent networks.
///
/// - `byValue(minimum: t_min, maximum: t_max)` clips every component:
///   `g_i := min(t_max, max(t_min, g_i))`.
/// - `byNorm(threshold: t)` rescales the whole vector when it is too long:
///   `g := (t / ||g||_2) g` if `||g||_2 > t`, and leaves it alone otherwise, so
///   the direction is kept and only the step length is bounded. (Pascanu et
///   al. rescale only above the threshold, as here and in PyTorch's
///   `clip_grad_norm_`; the always-normalizing variant `g := g / ||g||_2` is
///   this with `t = 1` applied also to short gradients.)
///
/// Optimizers apply their `clipping` on the fly as they read the gradient, so
/// the caller's gradient buffer is left untouched and nothing is copied; the
/// norm costs one `?nrm2` call per update. ``apply(to:)`` clips a buffer in
/// place for code that wants the clipped values themselves.
///
/// References:
/// - R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training
///   recurrent neural networks", ICML 2013 (PMLR 28(3):1310-1318), algorithm 1.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   section 10.11.1.
public enum GradientClipping<Scalar: BLASScalar>: Codable, Equatable, Sendable {
    /// The gradient is used as it is.
    case none
    /// Every component is clipped to `[minimum, maximum]` (`minimum <= maximum`).
    case byValue(minimum: Scalar, maximum: Scalar)
    /// The gradient is scaled down to Euclidean norm `threshold` (`> 0`) when
    /// its norm exceeds it.
    case byNorm(threshold: Scalar)

    /// The element-wise map that applies this clipping to `gradient`.
    @inlinable
    public func transform(for gradient: some ScalarBuffer<Scalar>) -> ClippingTransform<Scalar> {
        switch self {
        case .none:
            return ClippingTransform(scale: 1, minimum: -.infinity, maximum: .infinity)
        case .byValue(let minimum, let maximum):
            require(
                minimum <= maximum,
                "GradientClipping.byValue: minimum \(minimum) > maximum \(maximum)")
            return ClippingTransform(scale: 1, minimum: minimum, maximum: maximum)
        case .byNorm(let threshold):
            require(threshold > 0, "GradientClipping.byNorm: threshold \(threshold) <= 0")
            let norm = BLAS.nrm2(gradient)
            let scale = norm > threshold ? threshold / norm : 1
            return ClippingTransform(scale: scale, minimum: -.infinity, maximum: .infinity)
        }
    }

    /// Clips `gradient` in place.
    @inlinable
    public func apply(to gradient: inout some MutableScalarBuffer<Scalar>) {
        let clip = transform(for: gradient)
        switch self {
        case .none: break
        case .byValue: gradient.apply { clip($0) }
        case .byNorm: if clip.scale != 1 { BLAS.scal(clip.scale, &gradient) }
        }
    }
}

/// The element-wise map `g -> min(maximum, max(minimum, scale g))` that a
/// ``GradientClipping`` reduces to for one gradient: `scale` is `1` except
/// for norm clipping of a long gradient, the bounds are infinite except for
/// value clipping. A NaN component stays NaN, so a non-finite gradient is
/// still detected downstream.
public struct ClippingTransform<Scalar: BLASScalar>: Sendable {
    /// The factor applied first (`t / ||g||` or `1`).
    public let scale: Scalar
    /// The lower bound applied after scaling.
    public let minimum: Scalar
    /// The upper bound applied after scaling.
    public let maximum: Scalar

    /// A transform with the given scale and bounds.
    @inlinable
    public init(scale: Scalar, minimum: Scalar, maximum: Scalar) {
        self.scale = scale
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Whether the map is a pure scaling (no finite bounds), which the BLAS
    /// paths fold into their `alpha`.
    @inlinable
    public var isScaling: Bool { minimum == -.infinity && maximum == .infinity }

    /// The clipped value of one gradient component.
    @inlinable @inline(__always)
    public func callAsFunction(_ g: Scalar) -> Scalar {
        Swift.min(Swift.max(g * scale, minimum), maximum)
    }
}
