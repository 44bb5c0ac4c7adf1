import Tensor

/// Everything one forward and backward pass of a ``Sequential`` model
/// writes, for batches of up to ``capacity`` samples: per layer its output
/// `A`, the gradient `dA` with respect to that output and a dropout mask,
/// and the gradient of the loss with respect to every parameter (the flat
/// layout of ``Sequential/parameters``).
///
/// Allocated once and reused, so that a training step allocates nothing
/// (docs/ARCHITECTURE.md, principle 3). Its capacity never changes: a model
/// replaces its workspace by a larger one when it first meets a larger
/// batch (``Sequential/reserveWorkspace(rows:)``), and the workers of a
/// data-parallel step each own one sized for their shard.
///
/// Make one with ``Sequential/makeWorkspace(rows:)``. A workspace is written
/// by one pass at a time; a model's own is replaced rather than shared when
/// the model is copied, hence unchecked `Sendable`.
public final class Workspace<Scalar: BLASScalar>: @unchecked Sendable {
    /// The largest batch the buffers hold.
    public let capacity: Int
    /// The output width of each layer.
    @usableFromInline let widths: [Int]
    @usableFromInline let outputs: [UnsafeMutablePointer<Scalar>]
    @usableFromInline let outputGradients: [UnsafeMutablePointer<Scalar>]
    /// Dropout masks, only for the layers that drop.
    @usableFromInline let masks: [UnsafeMutablePointer<Scalar>?]
    /// `dL/dparameters` of the last pass that computed it, in the layout of
    /// ``Sequential/parameters``.
    public var parameterGradient: [Scalar] { gradientStorage }
    /// Written in place by the passes (the array is uniquely referenced
    /// unless someone keeps a copy of ``parameterGradient``).
    @usableFromInline var gradientStorage: [Scalar]
    /// The batch size of the last pass: its outputs are still in the
    /// buffers.
    @usableFromInline var lastBatch = 0

    @usableFromInline
    init(widths: [Int], dropsOut: [Bool], capacity: Int, parameterCount: Int) {
        require(capacity >= 1, "Workspace: capacity \(capacity) must be positive")
        self.capacity = capacity
        self.widths = widths
        func allocate(_ width: Int) -> UnsafeMutablePointer<Scalar> {
            let count = Swift.max(1, width * capacity)
            let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        outputs = widths.map(allocate)
        outputGradients = widths.map(allocate)
        masks = zip(widths, dropsOut).map { $1 ? allocate($0) : nil }
        gradientStorage = [Scalar](repeating: 0, count: parameterCount)
    }

    deinit {
        for buffer in outputs + outputGradients + masks.compactMap({ $0 }) { buffer.deallocate() }
    }

    /// Runs `body` on the parameter-gradient buffer, to pass it to
    /// ``Sequential/forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)``.
    @inlinable
    public func withParameterGradient<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R)
        rethrows -> R
    {
        try gradientStorage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Layer `layer`'s output for a batch of `batch` samples.
    @inlinable
    func output(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        require(
            batch <= capacity, "Workspace: a batch of \(batch) exceeds the capacity \(capacity)")
        return MatrixView(outputs[layer], rows: batch, columns: widths[layer])
    }

    /// The gradient with respect to layer `layer`'s output.
    @inlinable
    func outputGradient(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        require(
            batch <= capacity, "Workspace: a batch of \(batch) exceeds the capacity \(capacity)")
        return MatrixView(outputGradients[layer], rows: batch, columns: widths[layer])
    }

    /// Layer `layer`'s dropout mask.
    @inlinable
    func mask(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        require(
            batch <= capacity, "Workspace: a batch of \(batch) exceeds the capacity \(capacity)")
        return MatrixView(masks[layer]!, rows: batch, columns: widths[layer])
    }
}
