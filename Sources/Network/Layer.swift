/// One stage of a ``Sequential`` model, as the user describes it.
public enum Layer: Hashable, Sendable, Codable {
    /// A fully connected layer with `outputs` units and activation `f`
    /// (``Dense``).
    case dense(outputs: Int, activation: Activation = .identity)
    /// An activation on its own, `A = f(X)`.
    case activation(Activation)
    /// Inverted dropout (Srivastava et al. 2014): in training each unit is
    /// kept with probability `1 - rate` and scaled by `1 / (1 - rate)`, so
    /// inference needs no rescaling; in inference it passes its input on.
    case dropout(rate: Double)
    /// Gaussian noise `x + N(0, sigma^2)` added to its input in training (on
    /// the inputs it acts much like L2 regularization: C. M. Bishop, "Training
    /// with noise is equivalent to Tikhonov regularization", Neural
    /// Computation 7(1), 1995; Goodfellow, Bengio and Courville, *Deep
    /// Learning*, MIT Press 2016, section 7.5); in inference it passes its
    /// input on.
    case gaussianNoise(standardDeviation: Double)

    /// The width of the output given the width of the input.
    public func outputWidth(input: Int) -> Int {
        if case .dense(let outputs, _) = self { return outputs }
        return input
    }

    /// A short description for summaries: `dense 256 relu`, `dropout 0.2`.
    public var name: String {
        switch self {
        case .dense(let outputs, let activation): "dense \(outputs) \(activation.name)"
        case .activation(let activation): activation.name
        case .dropout(let rate): "dropout \(rate)"
        case .gaussianNoise(let deviation): "gaussian-noise \(deviation)"
        }
    }
}

/// Whether a pass trains (dropout and noise active) or infers.
public enum Mode: Sendable {
    /// Dropout drops and noise is added.
    case training
    /// Dropout and noise pass their input on unchanged.
    case inference
}
