import Tensor

/// The forward and backward buffers of a ``Sequential`` model for batches of
/// up to ``capacity`` samples: per layer its output `A`, the gradient `dA`
/// with respect to that output, and a dropout mask. Allocated once and
/// reused, so that a training step allocates nothing (DESIGN.md,
/// principle 3).
@usableFromInline
final class Workspace<Scalar: BLASScalar> {
    /// The largest batch the buffers hold.
    @usableFromInline let capacity: Int
    /// The output width of each layer.
    @usableFromInline let widths: [Int]
    @usableFromInline let outputs: [UnsafeMutablePointer<Scalar>]
    @usableFromInline let gradients: [UnsafeMutablePointer<Scalar>]
    /// The batch size of the last pass: its outputs are still in the
    /// buffers.
    @usableFromInline var lastBatch = 0
    /// Dropout masks, only for the layers that drop.
    @usableFromInline let masks: [UnsafeMutablePointer<Scalar>?]

    @usableFromInline
    init(widths: [Int], dropsOut: [Bool], capacity: Int) {
        self.capacity = capacity
        self.widths = widths
        func allocate(_ width: Int) -> UnsafeMutablePointer<Scalar> {
            let count = Swift.max(1, width * capacity)
            let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        outputs = widths.map(allocate)
        gradients = widths.map(allocate)
        masks = zip(widths, dropsOut).map { $1 ? allocate($0) : nil }
    }

    deinit {
        for buffer in outputs + gradients + masks.compactMap({ $0 }) { buffer.deallocate() }
    }

    /// Layer `layer`'s output for a batch of `batch` samples.
    @inlinable
    func output(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        MatrixView(outputs[layer], rows: batch, columns: widths[layer])
    }

    /// The gradient with respect to layer `layer`'s output.
    @inlinable
    func gradient(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        MatrixView(gradients[layer], rows: batch, columns: widths[layer])
    }

    /// Layer `layer`'s dropout mask.
    @inlinable
    func mask(_ layer: Int, batch: Int) -> MatrixView<Scalar> {
        MatrixView(masks[layer]!, rows: batch, columns: widths[layer])
    }
}
