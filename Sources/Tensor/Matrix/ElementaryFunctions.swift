import CVectorMath

// The elementary functions a network applies to whole layers, vectorized
// in the CVectorMath target: libm evaluates them one element at a time
// (tanh at about 17 ns per element on this project's 2-core Zen 3 test
// machine, against about 1.4 ns here).

extension MutableScalarBuffer {
    /// Replaces every element `x` with `tanh(x)` (within 3 ulp of libm;
    /// `tanh(-0) = -0`, NaN stays NaN).
    @inlinable
    public mutating func formTanh() {
        withUnsafeMutableScalars { buffer in
            guard let base = buffer.baseAddress else { return }
            Scalar.vectorTanh(base, count: buffer.count)
        }
    }

    /// Replaces every element `x` with `e^x` (within 2 ulp of libm, subnormal
    /// results included; `+inf` past the overflow threshold).
    @inlinable
    public mutating func formExp() {
        withUnsafeMutableScalars { buffer in
            guard let base = buffer.baseAddress else { return }
            Scalar.vectorExp(base, count: buffer.count)
        }
    }

    /// Replaces every element `x` with its natural logarithm `log x` (within
    /// 1 ulp of libm; `log 0 = -inf`, negative numbers give NaN).
    @inlinable
    public mutating func formLog() {
        withUnsafeMutableScalars { buffer in
            guard let base = buffer.baseAddress else { return }
            Scalar.vectorLog(base, count: buffer.count)
        }
    }

    /// Replaces every element `x` with the logistic sigmoid
    /// `1 / (1 + e^-x)`, computed from `e^-|x|` so nothing overflows (within
    /// 2 ulp of libm).
    @inlinable
    public mutating func formLogistic() {
        withUnsafeMutableScalars { buffer in
            guard let base = buffer.baseAddress else { return }
            Scalar.vectorLogistic(base, count: buffer.count)
        }
    }
}

/// Facts about the vectorized elementary functions.
public enum VectorMath {
    /// Whether they run their AVX2 + FMA code on the calling thread
    /// (otherwise the baseline x86-64 SSE2 code). Setting `false` forces the
    /// baseline code on this thread even on a CPU with AVX2 (for tests and
    /// benchmarks); setting `true` restores the choice by CPU. Per thread,
    /// like ``DenormalFlushing``: the two codes round differently in the
    /// last bits, so a process-wide switch would change the results of
    /// computations running on other threads.
    public static var usesAVX2: Bool {
        get { perceptron_vector_math_uses_avx2() != 0 }
        set { perceptron_vector_math_allow_avx2(newValue ? 1 : 0) }
    }
}
