import Tensor
import Testing

@Suite("Element-wise maps and reductions")
struct ReductionTests {
    let a = Matrix<Double>([[1, -2, 3], [4, 5, -6]])

    @Test("sums over all elements, columns and rows")
    func sums() {
        #expect(a.sum() == 5)
        #expect(a.columnSums() == [5, 3, -3])
        #expect(a.rowSums() == [2, 3])
        // Into a preallocated buffer, as a layer's bias gradient is.
        var db = [Double](repeating: .nan, count: 3)
        a.rows(1..<2).columnSums(into: &db)
        #expect(db == [4, 5, -6])
    }

    @Test("allFinite finds one infinity or NaN anywhere, and passes the largest finite values")
    func allFinite() {
        #expect([Float]().allFinite())
        #expect([Float](repeating: .greatestFiniteMagnitude, count: 19).allFinite())
        for position in [0, 7, 8, 15, 16, 18] {
            for bad in [Float.infinity, -.infinity, .nan] {
                var x = [Float](repeating: 1, count: 19)
                x[position] = bad
                #expect(!x.allFinite(), "\(bad) at \(position)")
            }
        }
        var y = [Double](repeating: -2, count: 11)
        #expect(y.allFinite())
        y[10] = .nan
        #expect(!y.allFinite())
    }

    @Test("column sums agree with 1^T A by GEMV on a larger matrix")
    func columnSumsAgreeWithGEMV() {
        let dZ = Matrix<Float>.random(128, 10, seed: 21)
        var viaGEMV = [Float](repeating: 0, count: 10)
        BLAS.gemv(dZ.transposed, [Float](repeating: 1, count: 128), into: &viaGEMV)
        #expect(dZ.columnSums().maximumAbsoluteDifference(viaGEMV) < 1e-4)
    }

    @Test("row maxima and argmax, first index on ties")
    func rowMaximaAndArgmax() {
        #expect(a.rowMaxima() == [3, 5])
        #expect(a.rowArgmax() == [2, 1])
        let ties = Matrix<Float>([[2, 7, 7], [-1, -1, -3], [0, 0, 0]])
        #expect(ties.rowArgmax() == [1, 0, 0])
        let single = Matrix<Float>([[4], [-4]])
        #expect(single.rowArgmax() == [0, 0])
        #expect(single.rowMaxima() == [4, -4])
    }

    @Test("NaN wins row maxima and argmax, so a broken model is not hidden")
    func nanPropagates() {
        let m = Matrix<Double>([[1, .nan, 3], [.nan, 1, 2]])
        #expect(m.rowMaxima().allSatisfy { $0.isNaN })
        #expect(m.rowArgmax() == [1, 0])
    }

    @Test("apply, map and fill work in place")
    func maps() {
        var m = a
        m.apply { $0 * $0 }
        #expect(m == Matrix([[1, 4, 9], [16, 25, 36]]))
        m.apply(a) { $0 + $1 }
        #expect(m == Matrix([[2, 2, 12], [20, 30, 30]]))
        #expect(a.map { max(0, $0) } == Matrix([[1, 0, 3], [4, 5, 0]]))
        m.fill(with: 7)
        #expect(m.elements.allSatisfy { $0 == 7 })
    }

    @Test("maximum absolute difference")
    func maximumAbsoluteDifference() {
        #expect([1.0, 2, 3].maximumAbsoluteDifference([1.5, 2, 1]) == 2)
        #expect([1.0, .nan].maximumAbsoluteDifference([1.0, 2]).isNaN)
    }
}
