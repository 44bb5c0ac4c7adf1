import RealModule

extension BLASScalar {
    /// A pair of independent standard normal samples by the Box-Muller
    /// transform: with `u1` in `(0, 1]` and `u2` in `[0, 1)`,
    /// `r = sqrt(-2 ln u1)`, the pair is `(r cos 2 pi u2, r sin 2 pi u2)`.
    @inlinable
    public static func standardNormalPair(using generator: inout some RandomNumberGenerator)
        -> (Self, Self)
    {
        let u1 = 1 - Self.random(in: 0..<1, using: &generator)
        let u2 = Self.random(in: 0..<1, using: &generator)
        let radius = Self.sqrt(-2 * Self.log(u1))
        let angle = 2 * Self.pi * u2
        return (radius * Self.cos(angle), radius * Self.sin(angle))
    }
}

extension MutableScalarBuffer {
    /// Fills the buffer with samples of `N(mean, standardDeviation^2)`.
    @inlinable
    public mutating func fillNormal(
        mean: Scalar = 0, standardDeviation: Scalar = 1,
        using generator: inout some RandomNumberGenerator
    ) {
        withUnsafeMutableScalars { buffer in
            var i = 0
            while i < buffer.count {
                let (z0, z1) = Scalar.standardNormalPair(using: &generator)
                buffer[i] = mean + standardDeviation * z0
                if i + 1 < buffer.count { buffer[i + 1] = mean + standardDeviation * z1 }
                i += 2
            }
        }
    }

    /// Fills the buffer with samples uniform in `range`.
    @inlinable
    public mutating func fillUniform(
        in range: ClosedRange<Scalar>, using generator: inout some RandomNumberGenerator
    ) {
        withUnsafeMutableScalars { buffer in
            for i in buffer.indices { buffer[i] = Scalar.random(in: range, using: &generator) }
        }
    }
}

extension Matrix {
    /// A `rows x columns` matrix of samples of `N(mean, standardDeviation^2)`
    /// drawn from `generator`, row after row.
    @inlinable
    public init(
        randomNormalRows rows: Int, columns: Int, mean: Scalar = 0,
        standardDeviation: Scalar = 1, using generator: inout some RandomNumberGenerator
    ) {
        self.init(rows: rows, columns: columns)
        fillNormal(mean: mean, standardDeviation: standardDeviation, using: &generator)
    }

    /// A `rows x columns` matrix of samples uniform in `range` drawn from
    /// `generator`, row after row.
    @inlinable
    public init(
        randomUniformRows rows: Int, columns: Int, in range: ClosedRange<Scalar> = -1...1,
        using generator: inout some RandomNumberGenerator
    ) {
        self.init(rows: rows, columns: columns)
        fillUniform(in: range, using: &generator)
    }
}
