import Tensor
import Testing

/// BLAS level 1 and GEMV agree with the reference loops on buffers of any
/// kind: arrays, matrices, slices and views.
@Suite("BLAS level 1 and GEMV")
struct Level1Tests {
    static let lengths = [0, 1, 2, 7, 100, 1001]

    @Test("axpy, dot, nrm2, scal and copy agree with the reference", arguments: lengths)
    func agreeWithReference(length: Int) {
        check(Float.self, length)
        check(Double.self, length)
    }

    func check<Scalar: BLASScalar>(_: Scalar.Type, _ n: Int) {
        let x = Matrix<Scalar>.random(1, n, seed: 11).elements
        let y = Matrix<Scalar>.random(1, n, seed: 12).elements
        let tolerance = innerProductTolerance(
            length: n, magnitude: Reference.dot(x.map(abs), y.map(abs)), as: Scalar.self)

        var fast = y
        var reference = y
        BLAS.axpy(-0.75, x, &fast)
        Reference.axpy(-0.75, x, &reference)
        #expect(fast.maximumAbsoluteDifference(reference) <= 4 * Scalar.ulpOfOne)

        #expect(Swift.abs(BLAS.dot(x, y) - Reference.dot(x, y)) <= tolerance)
        #expect(Swift.abs(BLAS.nrm2(x) - Reference.nrm2(x)) <= Scalar(n + 1) * Scalar.ulpOfOne * 4)

        fast = x
        reference = x
        BLAS.scal(3.5, &fast)
        Reference.scal(3.5, &reference)
        #expect(fast == reference)

        var copied = [Scalar](repeating: .nan, count: n)
        BLAS.copy(x, &copied)
        #expect(copied == x)
    }

    @Test("nrm2 neither overflows nor underflows")
    func nrm2Scaling() {
        let huge: [Float] = [3e30, 4e30]
        #expect(Swift.abs(BLAS.nrm2(huge) / 5e30 - 1) < 1e-6)
        #expect(Reference.nrm2(huge).isInfinite)  // the textbook formula overflows
        let tiny: [Double] = [3e-200, 4e-200]
        #expect(Swift.abs(BLAS.nrm2(tiny) / 5e-200 - 1) < 1e-14)
        // Between the two: the fast sqrt(x . x) path, exact here.
        #expect(BLAS.nrm2([3, 4] as [Double]) == 5 && BLAS.nrm2([3, 4] as [Float]) == 5)
        #expect(BLAS.nrm2([0, 0] as [Double]) == 0)
        #expect(BLAS.nrm2([1, .nan] as [Double]).isNaN)
        #expect(BLAS.nrm2([1, .infinity] as [Double]) == .infinity)
    }

    @Test("level 1 works on a matrix, a row slice and a view of a flat buffer")
    func onMatrixBuffers() {
        var parameters = Matrix<Double>.random(4, 5, seed: 13)
        let gradient = Matrix<Double>.random(4, 5, seed: 14)
        let expected = parameters.elements.indices.map {
            parameters.elements[$0] - 0.1 * gradient.elements[$0]
        }
        BLAS.axpy(-0.1, gradient, &parameters)  // a gradient-descent step
        #expect(parameters.elements.maximumAbsoluteDifference(expected) < 1e-15)

        let rows = gradient.rows(1..<3)
        #expect(
            Swift.abs(
                BLAS.dot(rows, rows) - Reference.dot(Array(rows.elements), Array(rows.elements)))
                < 1e-13)

        var flat = [Double](repeating: 1, count: 12)
        flat.withUnsafeMutableScalars { buffer in
            var view = MatrixView(buffer, offset: 4, rows: 2, columns: 3)
            BLAS.scal(2, &view)
        }
        #expect(flat == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1])
    }

    @Test("gemv computes op(A) x in both orientations", arguments: [false, true])
    func gemv(transposed: Bool) {
        let a = Matrix<Double>.random(7, 4, seed: 15)
        let x = Matrix<Double>.random(1, transposed ? 7 : 4, seed: 16).elements
        let y0 = Matrix<Double>.random(1, transposed ? 4 : 7, seed: 17).elements
        var fast = y0
        var reference = y0
        if transposed {
            BLAS.gemv(a.transposed, x, alpha: 2, beta: -1, into: &fast)
            Reference.gemv(a.transposed, x, alpha: 2, beta: -1, into: &reference)
        } else {
            BLAS.gemv(a, x, alpha: 2, beta: -1, into: &fast)
            Reference.gemv(a, x, alpha: 2, beta: -1, into: &reference)
        }
        #expect(fast.maximumAbsoluteDifference(reference) < 1e-13)
    }

    @Test("buffers of different lengths stop with both lengths named")
    func lengthMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var y: [Float] = [1, 2, 3]
            BLAS.axpy(1, [Float](repeating: 1, count: 4), &y)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("axpy: x has 4 elements but y has 3"))
    }
}
