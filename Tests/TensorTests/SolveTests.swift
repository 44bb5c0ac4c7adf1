import Tensor
import Testing

/// `LAPACK.solve`, the general square solve (`?gesv`), on systems whose
/// solutions are known.
@Suite("LAPACK.solve")
struct SolveTests {
    /// `2 x + y = 3`, `x + 3 y = 5`: `x = 4/5`, `y = 7/5`.
    @Test("a 2 x 2 system with a known solution")
    func twoByTwo() throws {
        try check(Float.self)
        try check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let x = try LAPACK.solve(Matrix<Scalar>([[2, 1], [1, 3]]), [3, 5])
            #expect(x.maximumAbsoluteDifference([0.8, 1.4]) <= 4 * Scalar.ulpOfOne)
        }
    }

    /// `A[0, 0] = 0`: elimination without row exchanges would divide by
    /// zero. `A (1, 2, 3)^T = (7, 1, 11)^T` and `A (0, 0, 1)^T = (1, 0, 2)^T`.
    @Test("a system that needs pivoting, with one and two right-hand sides")
    func pivoting() throws {
        try check(Float.self)
        try check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            let a = Matrix<Scalar>([[0, 2, 1], [1, 0, 0], [3, 1, 2]])
            let tolerance = 16 * Scalar.ulpOfOne * 3
            let x = try LAPACK.solve(a, [7, 1, 11])
            #expect(x.maximumAbsoluteDifference([1, 2, 3]) <= tolerance, "\(x)")
            let columns = try LAPACK.solve(a, Matrix<Scalar>([[7, 1], [1, 0], [11, 2]]))
            #expect(columns.rows == 3 && columns.columns == 2)
            #expect(
                columns.maximumAbsoluteDifference(Matrix<Scalar>([[1, 0], [2, 0], [3, 1]]))
                    <= tolerance, "\(columns.elements)")
            // The same LAPACK call as luSolve, so the same bits.
            #expect(try x == LAPACK.luSolve(a, [7, 1, 11]))
        }
    }

    @Test("a singular matrix throws, naming the zero pivot")
    func singular() {
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try LAPACK.solve(Matrix<Double>([[1, 1], [1, 1]]), [1, 2])
        }
    }

    @Test("a non-square matrix stops with the caller's name and the shape")
    func nonSquareStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = try? LAPACK.solve(Matrix<Double>(rows: 2, columns: 3), [1, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("solve: A must be square but is 2x3"))
    }
}
