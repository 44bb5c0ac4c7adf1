import Network
import Tensor
import Testing

/// The element-wise entry points write through raw pointers: operands of
/// different shapes stop the process with a message naming every shape,
/// never an out-of-bounds write.
@Suite("Element-wise layer shapes")
struct ElementwiseShapeTests {
    /// The standard error of an exit test that stopped.
    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test("Dropout.forward with an output narrower than its input")
    func dropoutForward() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var x = Matrix<Float>(rows: 4, columns: 3)
            var a = Matrix<Float>(rows: 4, columns: 2)
            var mask = Matrix<Float>(rows: 4, columns: 3)
            withView(&x) { x in
                withView(&a) { a in
                    withView(&mask) { mask in
                        Dropout.forward(
                            x, rate: 0.5, into: a, mask: mask,
                            randomness: BatchRandomness(seed: 1), layer: 0)
                    }
                }
            }
        }
        let message = Self.message(result)
        #expect(
            message.contains(
                "Dropout.forward: X is 4x3, A is 4x2 and the mask is 4x3; they must have the same shape"),
            "\(message)")
    }

    @Test("Dropout.backward with a mask of fewer rows")
    func dropoutBackward() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var dA = Matrix<Double>(rows: 5, columns: 2)
            var mask = Matrix<Double>(rows: 3, columns: 2)
            var dX = Matrix<Double>(rows: 5, columns: 2)
            withView(&dA) { dA in
                withView(&mask) { mask in withView(&dX) { Dropout.backward(dA, mask: mask, into: $0) } }
            }
        }
        #expect(Self.message(result).contains("Dropout.backward: dA is 5x2, the mask is 3x2 and dX is 5x2"))
    }

    @Test("Softmax.backpropagate with a gradient of another width")
    func softmaxBackpropagate() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var a = Matrix<Float>(rows: 2, columns: 3)
            var dA = Matrix<Float>(rows: 2, columns: 4)
            withView(&a) { a in withView(&dA) { Softmax.backpropagate(output: a, gradient: $0) } }
        }
        #expect(
            Self.message(result).contains(
                "Softmax.backpropagate: the output is 2x3 and the gradient is 2x4; they must have the same shape"))
    }

    @Test("equal shapes pass: dropout's backward pass is dA times the mask")
    func equalShapes() {
        var dA = Matrix<Double>([[1, 2], [3, 4]])
        var mask = Matrix<Double>([[2, 0], [0, 2]])
        var dX = Matrix<Double>(rows: 2, columns: 2)
        withView(&dA) { dA in
            withView(&mask) { mask in withView(&dX) { Dropout.backward(dA, mask: mask, into: $0) } }
        }
        #expect(dX == Matrix<Double>([[2, 0], [0, 8]]))
    }
}
