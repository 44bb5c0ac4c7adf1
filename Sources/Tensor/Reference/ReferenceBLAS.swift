import RealModule

extension Reference {
    /// `C = alpha * op(A) * op(B) + beta * C` by the definition
    /// `C[i, j] = alpha * sum_p op(A)[i, p] op(B)[p, j] + beta * C[i, j]`.
    /// With `beta == 0`, `C` is not read. Same shapes and checks as
    /// ``BLAS/gemm(_:_:alpha:beta:into:)``.
    @inlinable
    public static func gemm<A: MatrixOperand, B: MatrixOperand, C: MutableRowMajorMatrix>(
        _ a: A, _ b: B, alpha: C.Scalar = 1, beta: C.Scalar = 0, into c: inout C
    ) where A.Scalar == C.Scalar, B.Scalar == C.Scalar {
        let m = a.operandRows
        let k = a.operandColumns
        let n = b.operandColumns
        require(
            b.operandRows == k && c.rows == m && c.columns == n,
            "Reference.gemm: op(A) is \(a.operandDescription), op(B) is \(b.operandDescription), C is \(c.shapeDescription)"
        )
        let aStorage = a.storage
        let bStorage = b.storage
        let aTransposed = a.isTransposed
        let bTransposed = b.isTransposed
        aStorage.withUnsafeScalars { aElements in
            bStorage.withUnsafeScalars { bElements in
                c.withUnsafeMutableScalars { cElements in
                    for i in 0..<m {
                        for j in 0..<n {
                            var sum: C.Scalar = 0
                            for p in 0..<k {
                                let aip =
                                    aTransposed
                                    ? aElements[p * aStorage.columns + i]
                                    : aElements[i * aStorage.columns + p]
                                let bpj =
                                    bTransposed
                                    ? bElements[j * bStorage.columns + p]
                                    : bElements[p * bStorage.columns + j]
                                sum += aip * bpj
                            }
                            let old = beta == 0 ? 0 : beta * cElements[i * n + j]
                            cElements[i * n + j] = alpha * sum + old
                        }
                    }
                }
            }
        }
    }

    /// `y = alpha * op(A) * x + beta * y` by the definition
    /// `y[i] = alpha * sum_j op(A)[i, j] x[j] + beta * y[i]`.
    @inlinable
    public static func gemv<A: MatrixOperand, X: ScalarBuffer, Y: MutableScalarBuffer>(
        _ a: A, _ x: X, alpha: Y.Scalar = 1, beta: Y.Scalar = 0, into y: inout Y
    ) where A.Scalar == Y.Scalar, X.Scalar == Y.Scalar {
        require(
            x.count == a.operandColumns && y.count == a.operandRows,
            "Reference.gemv: op(A) is \(a.operandDescription), x has \(x.count) elements, y has \(y.count)"
        )
        let storage = a.storage
        let transposed = a.isTransposed
        storage.withUnsafeScalars { aElements in
            x.withUnsafeScalars { xElements in
                y.withUnsafeMutableScalars { yElements in
                    for i in yElements.indices {
                        var sum: Y.Scalar = 0
                        for j in xElements.indices {
                            let aij =
                                transposed
                                ? aElements[j * storage.columns + i]
                                : aElements[i * storage.columns + j]
                            sum += aij * xElements[j]
                        }
                        yElements[i] = alpha * sum + (beta == 0 ? 0 : beta * yElements[i])
                    }
                }
            }
        }
    }

    /// `A = alpha * x * y^T + A` by the definition
    /// `A[i, j] += alpha * x[i] * y[j]`.
    @inlinable
    public static func ger<A: MutableRowMajorMatrix, X: ScalarBuffer, Y: ScalarBuffer>(
        _ alpha: A.Scalar, _ x: X, _ y: Y, into a: inout A
    ) where X.Scalar == A.Scalar, Y.Scalar == A.Scalar {
        require(
            x.count == a.rows && y.count == a.columns,
            "Reference.ger: A is \(a.shapeDescription), x has \(x.count) elements, y has \(y.count)"
        )
        let columns = a.columns
        x.withUnsafeScalars { xElements in
            y.withUnsafeScalars { yElements in
                a.withUnsafeMutableScalars { aElements in
                    for i in xElements.indices {
                        for j in yElements.indices {
                            aElements[i * columns + j] += alpha * xElements[i] * yElements[j]
                        }
                    }
                }
            }
        }
    }

    /// `y = alpha * x + y`, one element at a time.
    @inlinable
    public static func axpy<X: ScalarBuffer, Y: MutableScalarBuffer>(
        _ alpha: Y.Scalar, _ x: X, _ y: inout Y
    ) where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "Reference.axpy")
        x.withUnsafeScalars { x in
            y.withUnsafeMutableScalars { y in
                for i in x.indices { y[i] += alpha * x[i] }
            }
        }
    }

    /// `sum_i x_i y_i`, accumulated in order.
    @inlinable
    public static func dot<X: ScalarBuffer, Y: ScalarBuffer>(_ x: X, _ y: Y) -> X.Scalar
    where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "Reference.dot")
        return x.withUnsafeScalars { x in
            y.withUnsafeScalars { y in
                var sum: X.Scalar = 0
                for i in x.indices { sum += x[i] * y[i] }
                return sum
            }
        }
    }

    /// `sqrt(sum_i x_i^2)` as written: unlike `?nrm2` it overflows when some
    /// `x_i^2` does.
    @inlinable
    public static func nrm2<X: ScalarBuffer>(_ x: X) -> X.Scalar {
        X.Scalar.sqrt(dot(x, x))
    }

    /// `x = alpha * x`, one element at a time.
    @inlinable
    public static func scal<X: MutableScalarBuffer>(_ alpha: X.Scalar, _ x: inout X) {
        x.withUnsafeMutableScalars { x in
            for i in x.indices { x[i] *= alpha }
        }
    }

    /// `y = x`, one element at a time.
    @inlinable
    public static func copy<X: ScalarBuffer, Y: MutableScalarBuffer>(_ x: X, _ y: inout Y)
    where X.Scalar == Y.Scalar {
        require(sameCount: x, y, in: "Reference.copy")
        x.withUnsafeScalars { x in
            y.withUnsafeMutableScalars { y in
                for i in x.indices { y[i] = x[i] }
            }
        }
    }
}
