import CVectorMath
import Tensor

/// Inverted dropout on a batch (Srivastava et al., "Dropout: a simple way
/// to prevent neural networks from overfitting", JMLR 2014).
///
/// In training each element is kept with probability `1 - rate`; the mask
/// holds `1 / (1 - rate)` for kept elements and `0` for dropped ones, so
/// the expected output equals the input and inference is the identity.
public enum Dropout {
    /// `A = X * M` with a fresh mask `M`, row `r` drawn from
    /// `randomness.generator(layer: layer, row: r)` (so a shard of the batch
    /// draws the rows the whole batch would).
    @inlinable
    public static func forward<Scalar: BLASScalar>(
        _ X: MatrixView<Scalar>, rate: Double, into A: MatrixView<Scalar>, mask: MatrixView<Scalar>,
        randomness: BatchRandomness, layer: Int
    ) {
        require(rate >= 0 && rate < 1, "Dropout: rate \(rate) is not in [0, 1)")
        requireSameShape("Dropout.forward", ("X", X), ("A", A), ("the mask", mask))
        let scale = 1 / Scalar(1 - rate)
        // A unit is kept when a uniform 32-bit integer falls below
        // (1 - rate) 2^32: exact to 2^-32, and two decisions per 64-bit
        // draw, several times faster than a Float per element. The kernel
        // steps four rows' generators at once, in the lanes of a vector.
        let threshold = UInt64((1 - rate) * 4_294_967_296)
        let columns = X.columns
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { states in
            for first in stride(from: 0, to: X.rows, by: 4) {
                let rows = min(4, X.rows - first)
                for lane in 0..<4 {
                    // A lane without a row steps a copy of the first row's
                    // generator; its words are not used.
                    let words = randomness.generator(
                        layer: layer, row: first + (lane < rows ? lane : 0)
                    ).stateWords
                    (states[lane], states[4 + lane]) = (words.0, words.1)
                    (states[8 + lane], states[12 + lane]) = (words.2, words.3)
                }
                let offset = first * columns
                Scalar.dropoutRows(
                    UnsafePointer(X.baseAddress + offset), A.baseAddress + offset,
                    mask.baseAddress + offset,
                    rows: rows, columns: columns, states: states.baseAddress!,
                    threshold: threshold, scale: scale)
            }
        }
    }

    /// `dX = dA * M`, with the mask of the forward pass.
    @inlinable
    public static func backward<Scalar: BLASScalar>(
        _ dA: MatrixView<Scalar>, mask: MatrixView<Scalar>, into dX: MatrixView<Scalar>
    ) {
        requireSameShape("Dropout.backward", ("dA", dA), ("the mask", mask), ("dX", dX))
        for i in 0..<dA.count { dX.baseAddress[i] = dA.baseAddress[i] * mask.baseAddress[i] }
    }
}

/// Additive Gaussian noise on a batch: `A = X + N(0, sigma^2)` in training.
/// Its backward pass is the identity, `dX = dA`.
public enum GaussianNoise {
    /// `A = X + sigma Z`, `Z ~ N(0, 1)`, row `r` of `Z` drawn from
    /// `randomness.generator(layer: layer, row: r)`.
    @inlinable
    public static func forward<Scalar: BLASScalar>(
        _ X: MatrixView<Scalar>, standardDeviation: Double, into A: MatrixView<Scalar>,
        randomness: BatchRandomness, layer: Int
    ) {
        require(standardDeviation >= 0, "GaussianNoise: deviation \(standardDeviation) < 0")
        requireSameShape("GaussianNoise.forward", ("X", X), ("A", A))
        for r in 0..<A.rows {
            var generator = randomness.generator(layer: layer, row: r)
            var row = MatrixView(A.baseAddress + r * A.columns, rows: 1, columns: A.columns)
            row.fillNormal(standardDeviation: Scalar(standardDeviation), using: &generator)
        }
        var output = A
        BLAS.axpy(1, X, &output)
    }
}

extension BLASScalar {
    /// CVectorMath's dropout of up to four rows for this precision
    /// (`perceptron_dropout_rows_f32`/`_f64`): row `r`'s mask from the
    /// generator whose state words are `states[r]`, `states[4 + r]`,
    /// `states[8 + r]` and `states[12 + r]`.
    @inlinable
    static func dropoutRows(
        _ x: UnsafePointer<Self>, _ a: UnsafeMutablePointer<Self>,
        _ mask: UnsafeMutablePointer<Self>, rows: Int, columns: Int,
        states: UnsafeMutablePointer<UInt64>, threshold: UInt64, scale: Self
    ) {
        if Self.self == Float.self {
            perceptron_dropout_rows_f32(
                UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(a).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(mask).assumingMemoryBound(to: Float.self),
                rows, columns, states, threshold, unsafeBitCast(scale, to: Float.self))
        } else {
            require(Self.self == Double.self, "Dropout: no kernel for \(Self.self)")
            perceptron_dropout_rows_f64(
                UnsafeRawPointer(x).assumingMemoryBound(to: Double.self),
                UnsafeMutableRawPointer(a).assumingMemoryBound(to: Double.self),
                UnsafeMutableRawPointer(mask).assumingMemoryBound(to: Double.self),
                rows, columns, states, threshold, unsafeBitCast(scale, to: Double.self))
        }
    }
}
