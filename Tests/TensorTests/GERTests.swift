import Tensor
import Testing

/// The rank-1 update agrees with the reference loops.
@Suite("BLAS ger")
struct GERTests {
    @Test("ger agrees with the reference", arguments: [(0, 3), (1, 1), (3, 5), (17, 9)])
    func agreesWithReference(shape: (Int, Int)) {
        check(Float.self, shape.0, shape.1)
        check(Double.self, shape.0, shape.1)
    }

    func check<Scalar: BLASScalar>(_: Scalar.Type, _ m: Int, _ n: Int) {
        let x = Matrix<Scalar>.random(1, m, seed: 21).elements
        let y = Matrix<Scalar>.random(1, n, seed: 22).elements
        var fast = Matrix<Scalar>.random(m, n, seed: 23)
        var reference = fast
        BLAS.ger(-1.5, x, y, into: &fast)
        Reference.ger(-1.5, x, y, into: &reference)
        #expect(fast.elements.maximumAbsoluteDifference(reference.elements) <= 8 * Scalar.ulpOfOne)
    }
}
