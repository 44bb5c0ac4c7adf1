import Tensor

/// Inverted dropout on a batch (Srivastava et al., "Dropout: a simple way
/// to prevent neural networks from overfitting", JMLR 2014).
///
/// In training each element is kept with probability `1 - rate`; the mask
/// holds `1 / (1 - rate)` for kept elements and `0` for dropped ones, so
/// the expected output equals the input and inference is the identity.
public enum Dropout {
    /// `A = X * M` with a fresh mask `M` drawn from `generator`.
    @inlinable
    public static func forward<Scalar: BLASScalar>(
        _ X: MatrixView<Scalar>, rate: Double, into A: MatrixView<Scalar>, mask: MatrixView<Scalar>,
        using generator: inout Xoshiro256StarStar
    ) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate \(rate) is not in [0, 1)")
        let scale = 1 / Scalar(1 - rate)
        // A unit is kept when a uniform 32-bit integer falls below
        // (1 - rate) 2^32: exact to 2^-32, and two decisions per 64-bit
        // draw, several times faster than a Float per element.
        let threshold = UInt64((1 - rate) * 4_294_967_296)
        func apply(_ i: Int, _ word: UInt64) {
            let m: Scalar = word < threshold ? scale : 0
            mask.baseAddress[i] = m
            A.baseAddress[i] = X.baseAddress[i] * m
        }
        let count = X.count
        for i in stride(from: 0, to: count, by: 2) {
            let bits = generator.next()
            apply(i, bits >> 32)
            if i + 1 < count { apply(i + 1, bits & 0xFFFF_FFFF) }
        }
    }

    /// `dX = dA * M`, with the mask of the forward pass.
    @inlinable
    public static func backward<Scalar: BLASScalar>(
        _ dA: MatrixView<Scalar>, mask: MatrixView<Scalar>, into dX: MatrixView<Scalar>
    ) {
        for i in 0..<dA.count { dX.baseAddress[i] = dA.baseAddress[i] * mask.baseAddress[i] }
    }
}

/// Additive Gaussian noise on a batch: `A = X + N(0, sigma^2)` in training.
/// Its backward pass is the identity, `dX = dA`.
public enum GaussianNoise {
    /// `A = X + sigma Z`, `Z ~ N(0, 1)` drawn from `generator`.
    @inlinable
    public static func forward<Scalar: BLASScalar>(
        _ X: MatrixView<Scalar>, standardDeviation: Double, into A: MatrixView<Scalar>,
        using generator: inout Xoshiro256StarStar
    ) {
        precondition(standardDeviation >= 0, "GaussianNoise: deviation \(standardDeviation) < 0")
        var output = A
        output.fillNormal(standardDeviation: Scalar(standardDeviation), using: &generator)
        BLAS.axpy(1, X, &output)
    }
}
