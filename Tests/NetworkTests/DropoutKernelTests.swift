import Network
import Tensor
import Testing

/// Dropout's mask comes from a C kernel (CVectorMath's
/// `perceptron_dropout_rows_f32` and `_f64`) that steps four rows'
/// generators at once. It must draw exactly the mask of the definition,
/// which this suite writes out element by element: row `r`'s generator is
/// `randomness.generator(layer:row:)`, each of its 64-bit words decides two
/// units (its high half the first, its low half the second), and a unit is
/// kept, with value `1 / (1 - rate)`, when its half is below
/// `(1 - rate) 2^32`.
@Suite("Dropout's vectorized mask")
struct DropoutKernelTests {
    /// The mask of the definition for a `rows x columns` batch.
    static func referenceMask<Scalar: BLASScalar>(
        _: Scalar.Type, rows: Int, columns: Int, rate: Double, randomness: BatchRandomness,
        layer: Int
    ) -> [Scalar] {
        let threshold = UInt64((1 - rate) * 4_294_967_296)
        let scale = 1 / Scalar(1 - rate)
        var mask = [Scalar]()
        for r in 0..<rows {
            var generator = randomness.generator(layer: layer, row: r)
            var halves = [UInt64]()
            while halves.count < columns {
                let word = generator.next()
                halves += [word >> 32, word & 0xFFFF_FFFF]
            }
            mask += halves[0..<columns].map { $0 < threshold ? scale : 0 }
        }
        return mask
    }

    /// `Dropout.forward` on a `rows x columns` batch against the definition,
    /// mask and output bit for bit, on the kernel's AVX2 or baseline code.
    static func expectDefinition<Scalar: BLASScalar>(
        _: Scalar.Type, rows: Int, columns: Int, rate: Double, avx2: Bool
    ) {
        let randomness = BatchRandomness(seed: 2014, firstRow: 5)
        var x = Matrix<Scalar>.random(rows, columns, seed: UInt64(rows * 1000 + columns))
        var (a, mask) = (
            Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan),
            Matrix<Scalar>(rows: rows, columns: columns, repeating: .nan)
        )
        let usedAVX2 = VectorMath.usesAVX2
        VectorMath.usesAVX2 = avx2
        defer { VectorMath.usesAVX2 = usedAVX2 }
        withView(&x) { x in
            withView(&a) { a in
                withView(&mask) {
                    Dropout.forward(
                        x, rate: rate, into: a, mask: $0, randomness: randomness, layer: 3)
                }
            }
        }
        let expected = referenceMask(
            Scalar.self, rows: rows, columns: columns, rate: rate, randomness: randomness,
            layer: 3)
        let product = zip(x.elements, expected).map { $0 * $1 }
        let maskDiffers = mask.elements.indices.first { mask.elements[$0] != expected[$0] }
        let outputDiffers = a.elements.indices.first { a.elements[$0] != product[$0] }
        #expect(
            maskDiffers == nil && outputDiffers == nil,
            "\(Scalar.self) \(rows)x\(columns), rate \(rate), AVX2 \(avx2): mask differs first at \(maskDiffers.map(String.init) ?? "-"), output at \(outputDiffers.map(String.init) ?? "-")"
        )
    }

    @Test(
        "the mask is the definition's for 1 to 9 rows (whole and partial groups of four), odd and even widths, across the 128-column blocks",
        arguments: [1, 2, 3, 4, 5, 7, 8, 9])
    func shapes(rows: Int) {
        for columns in [1, 2, 7, 128, 129, 300] {
            for avx2 in [true, false] {
                Self.expectDefinition(Float.self, rows: rows, columns: columns, rate: 0.2, avx2: avx2)
                Self.expectDefinition(Double.self, rows: rows, columns: columns, rate: 0.2, avx2: avx2)
            }
        }
    }

    @Test("rates 0 (every unit kept), 0.5 and 0.9 give the definition's mask")
    func rates() {
        for rate in [0, 0.5, 0.9] {
            for avx2 in [true, false] {
                Self.expectDefinition(Float.self, rows: 6, columns: 33, rate: rate, avx2: avx2)
                Self.expectDefinition(Double.self, rows: 6, columns: 33, rate: rate, avx2: avx2)
            }
        }
        var x = Matrix<Float>.random(3, 10, seed: 1)
        var (a, mask) = (Matrix<Float>(rows: 3, columns: 10), Matrix<Float>(rows: 3, columns: 10))
        withView(&x) { x in
            withView(&a) { a in
                withView(&mask) {
                    Dropout.forward(
                        x, rate: 0, into: a, mask: $0, randomness: BatchRandomness(seed: 9), layer: 0)
                }
            }
        }
        #expect(mask.elements.allSatisfy { $0 == 1 })
        #expect(a == x)
    }

    @Test("a shard's rows draw the rows of the whole batch: rows 4 to 9 of one pass equal a pass from firstRow 4")
    func shardsDrawTheBatchRows() {
        let (rows, columns) = (10, 21)
        let whole = Self.referenceMask(
            Float.self, rows: rows, columns: columns, rate: 0.3,
            randomness: BatchRandomness(seed: 7), layer: 1)
        var x = Matrix<Float>(rows: 6, columns: columns, repeating: 1)
        var (a, mask) = (
            Matrix<Float>(rows: 6, columns: columns), Matrix<Float>(rows: 6, columns: columns)
        )
        withView(&x) { x in
            withView(&a) { a in
                withView(&mask) {
                    Dropout.forward(
                        x, rate: 0.3, into: a, mask: $0,
                        randomness: BatchRandomness(seed: 7, firstRow: 4), layer: 1)
                }
            }
        }
        #expect(mask.elements == Array(whole[(4 * columns)...]))
    }
}
