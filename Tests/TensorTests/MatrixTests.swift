import Foundation
import Tensor
import Testing

@Suite("Matrix")
struct MatrixTests {
    @Test("row-major layout and shape-checked initializers")
    func layout() {
        let m = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3 && m.count == 6)
        #expect(m.elements == [1, 2, 3, 4, 5, 6])
        #expect(m[1, 0] == 4)
        #expect(Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6]) == m)
        #expect(Matrix<Float>(rows: 2, columns: 3) { Float($0 * 3 + $1 + 1) } == m)
        #expect(m.transposedCopy() == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.reshaped(rows: 3, columns: 2) == Matrix([[1, 2], [3, 4], [5, 6]]))
        #expect(Array(m.row(1)) == [4, 5, 6])
        #expect(Matrix<Double>(identity: 2) == Matrix([[1, 0], [0, 1]]))
    }

    @Test("value semantics: a copy does not see later writes")
    func valueSemantics() {
        var a = Matrix<Double>(rows: 2, columns: 2, repeating: 1)
        let b = a
        a[0, 0] = 5
        #expect(b[0, 0] == 1)
        var c = a
        BLAS.scal(2, &c)
        #expect(a[0, 0] == 5 && c[0, 0] == 10)
    }

    @Test("a row range shares storage: no copy for a mini-batch")
    func rowSliceSharesStorage() {
        let x = Matrix<Float>.random(100, 8, seed: 41)
        let batch = x.rows(20..<52)
        #expect(batch.rows == 32 && batch.columns == 8)
        #expect(batch[0, 3] == x[20, 3] && batch[31, 7] == x[51, 7])
        let base = x.withUnsafeScalars { $0.baseAddress! }
        let batchBase = batch.withUnsafeScalars { $0.baseAddress! }
        #expect(batchBase == base + 20 * 8)
        #expect(Matrix(batch) == Matrix(rows: 32, columns: 8) { x[20 + $0, $1] })
    }

    @Test("rows of a slice are a slice of the same storage")
    func sliceOfSlice() {
        let x = Matrix<Double>.random(10, 3, seed: 42)
        let inner = x.rows(2..<9).rows(1..<4)
        #expect(Matrix(inner) == Matrix(x.rows(3..<6)))
        let base = x.withUnsafeScalars { $0.baseAddress! }
        #expect(inner.withUnsafeScalars { $0.baseAddress! } == base + 3 * 3)
    }

    @Test("writing into a slice leaves the matrix untouched")
    func sliceCopyOnWrite() {
        let x = Matrix<Double>(rows: 4, columns: 2, repeating: 1)
        var slice = x.rows(1..<3)
        BLAS.scal(0, &slice)
        #expect(slice.elements.allSatisfy { $0 == 0 })
        #expect(x.elements.allSatisfy { $0 == 1 })
    }

    @Test("a view writes through to the memory it views")
    func viewWritesThrough() {
        var flat = [Float](repeating: 0, count: 10)
        flat.withUnsafeMutableScalars { buffer in
            let view = MatrixView(buffer, offset: 4, rows: 2, columns: 3)
            view[1, 2] = 9
            #expect(view.prefix(rows: 1).rows == 1)
        }
        #expect(flat[9] == 9)
    }

    @Test("Codable round trip, and corrupt sizes are rejected")
    func codable() throws {
        let m = Matrix<Double>([[1.5, -2], [0, 4]])
        let encoded = try JSONEncoder().encode(m)
        #expect(try JSONDecoder().decode(Matrix<Double>.self, from: encoded) == m)
        let corrupt = Data(#"{"rows":2,"columns":2,"elements":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Matrix<Double>.self, from: corrupt)
        }
    }

    @Test("the description shows the shape and the rows")
    func description() {
        #expect(Matrix<Float>([[1, 2]]).description == "1x2 Matrix<Float>\n  1.0  2.0")
    }

    @Test("elements that do not fill the shape stop with both counts named")
    func wrongElementCountStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            _ = Matrix<Float>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("a 2x3 matrix needs 6 elements, got 5"))
    }

    @Test("fillRows writes one row into every row of a view: the 1 b^T of a dense layer")
    func fillRows() {
        var storage = [Double](repeating: .nan, count: 6)
        storage.withUnsafeMutableBufferPointer { buffer in
            let view = MatrixView(buffer.baseAddress!, rows: 3, columns: 2)
            [1.5, -2].withUnsafeBufferPointer { view.fillRows(with: $0) }
        }
        #expect(storage == [1.5, -2, 1.5, -2, 1.5, -2])
    }

    @Test("a row of the wrong length for fillRows stops with both sizes named")
    func fillRowsLengthStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var storage = [Double](repeating: 0, count: 12)
            storage.withUnsafeMutableBufferPointer { buffer in
                let view = MatrixView(buffer.baseAddress!, rows: 3, columns: 4)
                [1, 2].withUnsafeBufferPointer { view.fillRows(with: $0) }
            }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("a row of 2 elements for a 3x4 matrix"))
    }

    @Test("ragged rows stop")
    func raggedRowsStop() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix<Double>([[1, 2], [3]])
        }
    }

    @Test("an index out of range stops")
    func indexOutOfRangeStops() async {
        await #expect(processExitsWith: .failure) {
            let m = Matrix<Double>(rows: 2, columns: 2)
            _ = m[2, 0]
        }
    }
}
