import Perceptron
import Testing

/// The README's first example, kept here so that it always compiles and
/// prints what the README says.
@Suite("README")
struct ReadmeExampleTests {
    @Test("multiplying two matrices")
    func multiply() {
        // --- README example ---
        let a = Matrix<Double>([[1, 2], [3, 4]])
        let b = Matrix<Double>([[5, 6], [7, 8]])
        let c = matmul(a, b)  // one cblas_dgemm call
        print(c)  // 2x2 Matrix<Double>: 19.0 22.0 / 43.0 50.0
        // --- end ---
        #expect(c == Matrix([[19, 22], [43, 50]]))
        #expect(c.description == "2x2 Matrix<Double>\n  19.0  22.0\n  43.0  50.0")
    }
}
