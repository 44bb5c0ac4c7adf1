/// One product to time: `C (m x n) = op(A) (m x k) op(B) (k x n)`.
struct GEMMCase: Sendable {
    /// What the product is, e.g. `square` or `b128 L1 dW = X^T dZ`.
    var name: String
    var m: Int
    var n: Int
    var k: Int
    var transposeA = false
    var transposeB = false

    /// Floating-point operations of one product: a multiply and an add per
    /// term of each of the `m n` inner products of length `k`.
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

    /// `m x n x k`, as the table prints it.
    var shape: String { "\(m)x\(n)x\(k)" }

    /// Square products `n x n` times `n x n`.
    static func square(_ n: Int) -> GEMMCase {
        GEMMCase(name: "square n=\(n)", m: n, n: n, k: n)
    }

    /// The products one training step of a dense network performs, layer by
    /// layer: forward `Z = X W`, weight gradient `dW = X^T dZ`, and input
    /// gradient `dX = dZ W^T` (not for the first layer, whose input is the
    /// data). `widths` are the layer widths, input first.
    static func denseLayers(widths: [Int], batch: Int) -> [GEMMCase] {
        var cases: [GEMMCase] = []
        for layer in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[layer], widths[layer + 1])
            let prefix = "b\(batch) L\(layer + 1) \(fanIn)-\(fanOut)"
            cases.append(GEMMCase(name: "\(prefix) Z=XW", m: batch, n: fanOut, k: fanIn))
            cases.append(
                GEMMCase(
                    name: "\(prefix) dW=X^TdZ", m: fanIn, n: fanOut, k: batch, transposeA: true))
            if layer > 0 {
                cases.append(
                    GEMMCase(
                        name: "\(prefix) dX=dZW^T", m: batch, n: fanIn, k: fanOut,
                        transposeB: true))
            }
        }
        return cases
    }
}
