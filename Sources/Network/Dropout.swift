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
        // draw, several times faster than a Float per element.
        let threshold = UInt64((1 - rate) * 4_294_967_296)
        let columns = X.columns
        for r in 0..<X.rows {
            var generator = randomness.generator(layer: layer, row: r)
            let offset = r * columns
            let (x, a, m) = (
                X.baseAddress + offset, A.baseAddress + offset, mask.baseAddress + offset
            )
            func apply(_ j: Int, _ word: UInt64) {
                let keep: Scalar = word < threshold ? scale : 0
                m[j] = keep
                a[j] = x[j] * keep
            }
            for j in stride(from: 0, to: columns, by: 2) {
                let bits = generator.next()
                apply(j, bits >> 32)
                if j + 1 < columns { apply(j + 1, bits & 0xFFFF_FFFF) }
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
