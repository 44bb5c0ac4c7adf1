import Tensor
import Testing

/// `matmul(A, x)` for a vector `x`: one GEMV into a new array.
@Suite("Matrix-vector product")
struct MatrixVectorProductTests {
    /// Small integers: every product and sum is exact in both precisions.
    @Test("A x and A^T x with known values")
    func knownValues() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let a = Matrix<Scalar>([[1, 2, 3], [4, 5, 6]])
            #expect(matmul(a, [1, 0, -1]) == [-2, -2])
            #expect(matmul(a, [2, -1, 1]) == [3, 9])
            #expect(matmul(a.transposed, [1, 1]) == [5, 7, 9])
            #expect(matmul(a.transposed, [-1, 2]) == [7, 8, 9])
        }
    }

    @Test("agrees with the reference kernel within the inner-product bound")
    func agreesWithReference() {
        let a = Matrix<Double>.random(37, 23, seed: 41)
        let x = Matrix<Double>.random(1, 23, seed: 42).elements
        var reference = [Double](repeating: 0, count: 37)
        Reference.gemv(a, x, into: &reference)
        let y = matmul(a, x)
        let magnitude = matmul(a.magnitudes, x.map { abs($0) }).max()!
        #expect(
            y.maximumAbsoluteDifference(reference)
                <= innerProductTolerance(length: 23, magnitude: magnitude))
    }

    @Test("an empty inner dimension gives zeros")
    func emptyInnerDimension() {
        #expect(matmul(Matrix<Float>(rows: 3, columns: 0), []) == [0, 0, 0])
        #expect(matmul(Matrix<Float>(rows: 0, columns: 2), [1, 2]) == [])
    }

    @Test("a vector of the wrong length stops with both shapes named")
    func wrongLengthStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = matmul(Matrix<Double>(rows: 2, columns: 3), [1, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("gemv: op(A) is 2x3 but x has 2 elements"))
    }
}
