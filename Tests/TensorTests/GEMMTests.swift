import Tensor
import Testing

/// `BLAS.gemm` computes `C = alpha op(A) op(B) + beta C` as the textbook
/// definition does, within the rounding error of a length-k inner product.
@Suite("GEMM")
struct GEMMTests {
    /// `(m, n, k)` with the degenerate shapes BLAS implementations get wrong
    /// first: 1x1, a single row, a single column, k = 1, and odd sizes that
    /// do not fit the kernels' register blocks.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 9, 7), (9, 1, 7), (1, 1, 13), (6, 5, 1), (13, 17, 11), (33, 7, 64),
        (64, 65, 63), (128, 10, 128),
    ]
    static let transposes = [(false, false), (true, false), (false, true), (true, true)]
    /// `(alpha, beta)`: the plain product, and scalings that exercise both terms.
    static let scalings: [(Double, Double)] = [(1, 0), (0.5, -1.5), (-2, 0.25)]

    @Test("agrees with the reference kernel", arguments: shapes, transposes)
    func agreesWithReference(shape: (Int, Int, Int), transpose: (Bool, Bool)) {
        for (alpha, beta) in Self.scalings {
            check(Float.self, shape, transpose, alpha: Float(alpha), beta: Float(beta))
            check(Double.self, shape, transpose, alpha: alpha, beta: beta)
        }
    }

    func check<Scalar: BLASScalar>(
        _: Scalar.Type, _ shape: (Int, Int, Int), _ transpose: (Bool, Bool),
        alpha: Scalar, beta: Scalar
    ) {
        let (m, n, k) = shape
        let a = transpose.0 ? Matrix<Scalar>.random(k, m, seed: 1) : .random(m, k, seed: 1)
        let b = transpose.1 ? Matrix<Scalar>.random(n, k, seed: 2) : .random(k, n, seed: 2)
        let c0 = Matrix<Scalar>.random(m, n, seed: 3)

        var fast = c0
        product(
            .blas, a, transposeA: transpose.0, b, transposeB: transpose.1,
            alpha: alpha, beta: beta, into: &fast)
        var reference = c0
        product(
            .reference, a, transposeA: transpose.0, b, transposeB: transpose.1,
            alpha: alpha, beta: beta, into: &reference)
        // The bound for each element: gamma_k (|alpha| |op(A)| |op(B)| + |beta| |C|).
        var bound = c0.magnitudes
        product(
            .reference, a.magnitudes, transposeA: transpose.0, b.magnitudes,
            transposeB: transpose.1, alpha: Swift.abs(alpha), beta: Swift.abs(beta),
            into: &bound)
        for i in 0..<m {
            for j in 0..<n {
                let tolerance = innerProductTolerance(length: k, magnitude: bound[i, j])
                #expect(
                    Swift.abs(fast[i, j] - reference[i, j]) <= tolerance,
                    "\(Scalar.self) \(m)x\(n)x\(k) transposes \(transpose) alpha \(alpha) beta \(beta) at (\(i), \(j))"
                )
            }
        }
    }

    @Test("beta = 0 ignores NaN in the output")
    func betaZeroOverwrites() {
        let a = Matrix<Double>.random(4, 3, seed: 4)
        let b = Matrix<Double>.random(3, 5, seed: 5)
        var c = Matrix<Double>(rows: 4, columns: 5, repeating: .nan)
        BLAS.gemm(a, b, into: &c)
        #expect(c.elements.allSatisfy { $0.isFinite })
        #expect(c.maximumAbsoluteDifference(Reference.product(a, b)) < 1e-14)
    }

    @Test(
        "with beta = 0, BLASScalar.gemm gives OpenBLAS's own bits (C cleared, then the product added), NaN in C ignored, a strided C's other columns untouched",
        arguments: shapes)
    func clearingGivesOpenBLASBits(shape: (Int, Int, Int)) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (m, n, k) = shape
            let (a, b) = (Matrix<Scalar>.random(m, k, seed: 3), Matrix<Scalar>.random(k, n, seed: 4))
            // C is the left n columns of an m x (n + 2) buffer of NaN.
            let ldc = n + 2
            var (cleared, direct) = (
                [Scalar](repeating: .nan, count: m * ldc), [Scalar](repeating: .nan, count: m * ldc)
            )
            a.withUnsafeScalars { a in
                b.withUnsafeScalars { b in
                    cleared.withUnsafeMutableBufferPointer {
                        Scalar.gemm(
                            transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 0.5,
                            a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, beta: 0,
                            c: $0.baseAddress!, ldc: ldc)
                    }
                    direct.withUnsafeMutableBufferPointer {
                        Scalar.blasGEMM(
                            transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 0.5,
                            a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, beta: 0,
                            c: $0.baseAddress!, ldc: ldc)
                    }
                }
            }
            for row in 0..<m {
                for column in 0..<n {
                    let (x, y) = (cleared[row * ldc + column], direct[row * ldc + column])
                    #expect(x == y && x.sign == y.sign && x.isFinite, "\(Scalar.self) \(shape) at (\(row), \(column)): \(x) against \(y)")
                }
                let untouched = cleared[(row * ldc + n)..<((row + 1) * ldc)].allSatisfy { $0.isNaN }
                #expect(untouched, "\(Scalar.self) \(shape): row \(row) beyond column \(n)")
            }
        }
    }

    @Test("an empty inner dimension scales C by beta")
    func emptyInnerDimension() {
        let a = Matrix<Double>(rows: 3, columns: 0)
        let b = Matrix<Double>(rows: 0, columns: 2)
        var c = Matrix<Double>(rows: 3, columns: 2, repeating: 4)
        BLAS.gemm(a, b, alpha: 1, beta: 0.5, into: &c)
        #expect(c == Matrix(rows: 3, columns: 2, repeating: 2))
        #expect(matmul(a, b) == Matrix(rows: 3, columns: 2))
    }

    @Test("the three products of a dense layer")
    func denseLayerProducts() {
        // 784-256 layer at batch 32: Z = X W, dW = X^T dZ, dX = dZ W^T.
        let x = Matrix<Float>.random(32, 784, seed: 6)
        let w = Matrix<Float>.random(784, 256, seed: 7)
        let dZ = Matrix<Float>.random(32, 256, seed: 8)
        let z = matmul(x, w)
        let dW = matmul(x.transposed, dZ)
        let dX = matmul(dZ, w.transposed)
        #expect((z.rows, z.columns) == (32, 256))
        #expect((dW.rows, dW.columns) == (784, 256))
        #expect((dX.rows, dX.columns) == (32, 784))
        // Against explicit transposed copies through the reference kernel.
        #expect(dW.maximumAbsoluteDifference(Reference.product(x.transposedCopy(), dZ)) < 1e-3)
        #expect(dX.maximumAbsoluteDifference(Reference.product(dZ, w.transposedCopy())) < 1e-3)
        #expect(z.maximumAbsoluteDifference(Reference.product(x, w)) < 1e-3)
    }

    @Test("a mini-batch slice and a view multiply without copies")
    func slicesAndViews() {
        let x = Matrix<Double>.random(10, 4, seed: 9)
        let w = Matrix<Double>.random(4, 3, seed: 10)
        let batch = x.rows(2..<7)
        let expected = Reference.product(Matrix(batch), w)
        #expect(matmul(batch, w).maximumAbsoluteDifference(expected) < 1e-14)

        // Write the product straight into the middle of a flat buffer.
        var flat = [Double](repeating: -1, count: 2 + 15 + 2)
        flat.withUnsafeMutableScalars { buffer in
            var view = MatrixView(buffer, offset: 2, rows: 5, columns: 3)
            BLAS.gemm(batch, w, into: &view)
        }
        #expect(Array(flat[2..<17]).maximumAbsoluteDifference(expected.elements) < 1e-14)
        #expect(flat[0...1] == [-1, -1] && flat[17...] == [-1, -1])
    }

    @Test("matmul with the identity returns the matrix")
    func identity() {
        let a = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        #expect(matmul(a, Matrix(identity: 3)) == a)
        #expect(matmul(Matrix(identity: 2), a) == a)
        #expect(matmul(a.transposed, Matrix(identity: 2)) == a.transposedCopy())
    }

    @Test("mismatched inner dimensions stop with both shapes named")
    func innerMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            let a = Matrix<Double>(rows: 3, columns: 4)
            let b = Matrix<Double>(rows: 5, columns: 2)
            _ = matmul(a, b)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("op(A) is 3x4 and op(B) is 5x2"))
    }

    @Test("a wrongly shaped output stops with both shapes named")
    func outputMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            let a = Matrix<Float>(rows: 3, columns: 4)
            var c = Matrix<Float>(rows: 4, columns: 3)
            BLAS.gemm(a.transposed, a, into: &c)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("op(A) op(B) is 4x4"))
        #expect(message.contains("C is 4x3"))
    }
}

extension Reference {
    /// `A B` through the reference kernel, as a new matrix.
    static func product<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
        var c = Matrix<Scalar>(rows: a.rows, columns: b.columns)
        gemm(a, b, into: &c)
        return c
    }
}
