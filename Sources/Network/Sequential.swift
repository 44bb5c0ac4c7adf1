import Tensor

/// A feed-forward network: layers applied one after the other, trained on
/// a loss, with every weight and bias in one flat parameter buffer.
///
/// ```swift
/// var generator = Xoshiro256StarStar(seed: 1)
/// var model = Sequential<Float>(
///     inputs: 784,
///     layers: [.dense(outputs: 256, activation: .relu), .dropout(rate: 0.2),
///              .dense(outputs: 10)],
///     loss: .softmaxCrossEntropy, using: &generator)
/// let value = try model.lossAndGradient(batch, Targets(labels: labels))
/// BLAS.axpy(-0.1, model.gradient, &model.parameters)   // one SGD step
/// ```
///
/// ``parameters`` and ``gradient`` share one layout (each dense layer's `W`
/// row-major, then its `b`), so optimizers update the whole model with
/// level-1 BLAS calls and no copies (docs/ARCHITECTURE.md, principle 1). The forward
/// and backward buffers are sized for the largest batch seen and reused:
/// after the first step, a training step allocates nothing.
public struct Sequential<Scalar: BLASScalar> {
    /// The width of an input sample.
    public let inputs: Int
    /// The layers, as described.
    public let layers: [Layer]
    /// The loss function the model is trained on; it also decides how
    /// outputs become predictions (softmax, sigmoid, or the outputs
    /// themselves).
    public let lossFunction: Loss
    /// L1/L2 penalties added to the loss and gradient.
    public var regularization: Regularization
    /// All weights and biases, `parameterCount` scalars.
    public var parameters: [Scalar]
    /// `dL/dparameters` of the last ``lossAndGradient(_:_:sampleWeights:mode:)``,
    /// same layout as ``parameters``.
    public var gradient: [Scalar] { workspace.parameterGradient }
    /// The generator of dropout masks and input noise: a training pass draws
    /// one seed from it (see ``BatchRandomness``). It is a concrete
    /// `Xoshiro256StarStar` rather than any generator because a
    /// checkpoint stores its four words of state, so that a resumed run
    /// draws the same masks as an uninterrupted one.
    public var generator: Xoshiro256StarStar
    /// The dense layers with their places in the flat buffers, by layer
    /// index (nil for layers without parameters).
    public let denseLayers: [Dense?]
    /// The output width of each layer.
    public let widths: [Int]

    @usableFromInline var workspace: Workspace<Scalar>

    /// A model with freshly initialized weights (zero biases).
    ///
    /// - Parameters:
    ///   - inputs: the width of an input sample.
    ///   - layers: the layers, first to last; the last one's width is the
    ///     output width.
    ///   - loss: what training minimizes.
    ///   - initializer: how weights are drawn; by default the one
    ///     recommended for each layer's activation (He for ReLU, Glorot
    ///     otherwise).
    ///   - regularization: L1/L2 penalties, none by default.
    ///   - generator: draws the weights; the model keeps a generator of its
    ///     own, a `Xoshiro256StarStar` seeded from one draw of it,
    ///     for dropout and noise (concrete, so that a checkpoint can store
    ///     its state). Any `RandomNumberGenerator` works; the same generator
    ///     in the same state gives the same model.
    public init(
        inputs: Int, layers: [Layer], loss: Loss, initializer: Initializer? = nil,
        regularization: Regularization = .none,
        using generator: inout some RandomNumberGenerator
    ) {
        require(inputs > 0, "Sequential: inputs must be positive, got \(inputs)")
        require(!layers.isEmpty, "Sequential: a model needs at least one layer")
        var dense: [Dense?] = []
        var widths: [Int] = []
        var width = inputs
        var offset = 0
        for layer in layers {
            switch layer {
            case .dense(let outputs, let activation):
                activation.validate()
                let layer = Dense(
                    inputs: width, outputs: outputs, activation: activation, parameterOffset: offset
                )
                dense.append(layer)
                offset += layer.parameterCount
            case .dropout(let rate):
                require(
                    rate >= 0 && rate < 1, "Sequential: dropout rate \(rate) is not in [0, 1)")
                dense.append(nil)
            case .gaussianNoise(let deviation):
                require(deviation >= 0, "Sequential: noise deviation \(deviation) is negative")
                dense.append(nil)
            case .activation(let activation):
                activation.validate()
                dense.append(nil)
            }
            width = layer.outputWidth(input: width)
            widths.append(width)
        }
        self.inputs = inputs
        self.layers = layers
        self.lossFunction = loss
        self.regularization = regularization
        self.denseLayers = dense
        self.widths = widths
        self.parameters = [Scalar](repeating: 0, count: offset)
        for case let layer? in dense {
            let chosen = initializer ?? .recommended(for: layer.activation)
            parameters.withUnsafeMutableBufferPointer { p in
                var weights = UnsafeMutableBufferPointer(rebasing: p[layer.weightRange])
                chosen.fill(&weights, fanIn: layer.inputs, fanOut: layer.outputs, using: &generator)
            }
        }
        self.generator = Xoshiro256StarStar(seed: generator.next())
        self.workspace = Workspace(
            widths: widths, dropsOut: layers.map { if case .dropout = $0 { true } else { false } },
            capacity: 1, parameterCount: offset)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { parameters.count }

    /// Stops unless ``parameters`` still has the length the layers need
    /// (it is a public `var`, so a caller can replace it).
    @inlinable
    public func checkParameterCount() {
        let needed = denseLayers.reduce(0) { $0 + ($1?.parameterCount ?? 0) }
        require(
            parameters.count == needed,
            "Sequential: parameters has \(parameters.count) elements but the model has \(needed)")
    }

    /// The width of an output row.
    public var outputWidth: Int { widths.last! }
    /// The number of classes the model predicts: ``outputWidth``, or 2 for
    /// one output under binary cross-entropy (the probability of class 1).
    public var classCount: Int {
        outputWidth == 1 && lossFunction == .binaryCrossEntropy ? 2 : outputWidth
    }

    /// Whether a training pass draws random numbers (dropout or input noise).
    public var hasRandomLayers: Bool {
        layers.contains {
            switch $0 {
            case .dropout, .gaussianNoise: true
            case .dense, .activation: false
            }
        }
    }

    /// A fresh workspace for passes of up to `rows` samples (a worker's own,
    /// for ``forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)``).
    public func makeWorkspace(rows: Int) -> Workspace<Scalar> {
        Workspace(
            widths: widths, dropsOut: layers.map { if case .dropout = $0 { true } else { false } },
            capacity: rows, parameterCount: parameterCount)
    }
}

// A model may be shared across threads: its mutating methods need exclusive
// access to the value, `outputs(for:)` and the predictions work on a
// workspace of their own, and the one reference a model holds (the training
// workspace) is replaced instead of written whenever it is shared with a
// copy (`isKnownUniquelyReferenced` before every training pass).
extension Sequential: @unchecked Sendable {}
