// BLAS level 1 on contiguous buffers: the vector kernels an optimizer runs
// on a model's flat parameter and gradient vectors (liblbfgs maps its
// vector operations onto exactly these).

extension BLAS {
    /// `y = alpha * x + y` (`?axpy`).
    @inlinable
    public static func axpy<X: ScalarBuffer, Y: MutableScalarBuffer>(
        _ alpha: Y.Scalar, _ x: X, _ y: inout Y
    ) where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "axpy")
        x.withUnsafeScalars { xBuffer in
            y.withUnsafeMutableScalars { yBuffer in
                Y.Scalar.blasAXPY(
                    count: xBuffer.count, alpha: alpha, x: xBuffer.address, y: yBuffer.address)
            }
        }
    }

    /// The inner product `x . y = sum_i x_i y_i` (`?dot`).
    @inlinable
    public static func dot<X: ScalarBuffer, Y: ScalarBuffer>(_ x: X, _ y: Y) -> X.Scalar
    where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "dot")
        return x.withUnsafeScalars { xBuffer in
            y.withUnsafeScalars { yBuffer in
                X.Scalar.blasDOT(count: xBuffer.count, x: xBuffer.address, y: yBuffer.address)
            }
        }
    }

    /// The Euclidean norm `||x||_2`, with no overflow or underflow where the
    /// result is representable: `sqrt(x . x)` by `?dot` when the sum of
    /// squares is safely inside the normal range, otherwise `?nrm2`'s scaled
    /// algorithm.
    @inlinable
    public static func nrm2<X: ScalarBuffer>(_ x: X) -> X.Scalar {
        x.withUnsafeScalars { x in
            // sqrt(x . x) where no square can overflow or matter by
            // underflowing: one ?dot, about ten times faster than OpenBLAS's
            // scaled ?nrm2, which is kept for the extreme cases (and NaN).
            let squares = X.Scalar.blasDOT(count: x.count, x: x.address, y: x.address)
            let safe = X.Scalar.leastNormalMagnitude / (X.Scalar.ulpOfOne * X.Scalar.ulpOfOne)
            if squares.isFinite, squares >= safe { return squares.squareRoot() }
            return X.Scalar.blasNRM2(count: x.count, x: x.address)
        }
    }

    /// `x = alpha * x` (`?scal`).
    @inlinable
    public static func scal<X: MutableScalarBuffer>(_ alpha: X.Scalar, _ x: inout X) {
        x.withUnsafeMutableScalars {
            X.Scalar.blasSCAL(count: $0.count, alpha: alpha, x: $0.address)
        }
    }

    /// `y = x` (`?copy`), element by element into `y`'s existing storage.
    @inlinable
    public static func copy<X: ScalarBuffer, Y: MutableScalarBuffer>(_ x: X, _ y: inout Y)
    where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "copy")
        x.withUnsafeScalars { xBuffer in
            y.withUnsafeMutableScalars { yBuffer in
                Y.Scalar.blasCOPY(count: xBuffer.count, x: xBuffer.address, y: yBuffer.address)
            }
        }
    }
}
