import CBLAS

/// Whether floating-point arithmetic on the calling thread treats subnormal
/// (denormal) numbers as zero, in its operands and its results (x86's
/// flush-to-zero and denormals-are-zero modes).
///
/// Subnormals are the values below `Float.leastNormalMagnitude` (1.2e-38).
/// On x86 an operation that reads or produces one costs about a hundred
/// cycles instead of one. In long training runs the moments of an adaptive
/// optimizer for units that stopped receiving gradient decay geometrically
/// through that range: measured here, 1.5% of Adam's first moment was
/// subnormal after 20 Fashion-MNIST epochs, and epochs slowed by half.
/// Flushing changes results only below 1.2e-38 (Float) or 2.2e-308
/// (Double). TensorFlow and JAX flush by default; PyTorch offers it as
/// `torch.set_flush_denormal`. The setting is per thread; on other
/// architectures it reads `false` and setting it does nothing.
public enum DenormalFlushing {
    /// Whether the calling thread flushes subnormals to zero.
    public static var isEnabled: Bool {
        get { perceptron_flushes_denormals() != 0 }
        set { perceptron_set_flushes_denormals(newValue ? 1 : 0) }
    }

    /// Runs `body` with flushing set to `enabled` on this thread, then
    /// restores the previous setting.
    public static func withFlushing<R>(_ enabled: Bool = true, _ body: () throws -> R) rethrows -> R
    {
        let previous = isEnabled
        isEnabled = enabled
        defer { isEnabled = previous }
        return try body()
    }
}
