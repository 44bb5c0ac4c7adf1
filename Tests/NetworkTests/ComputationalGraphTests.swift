import Network
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The computational graph reproduces worked examples, sums gradients
/// over fan-out, agrees with finite differences, and rejects cycles.
@Suite("Computational graph")
struct ComputationalGraphTests {
    @Test("z = (x1 + a x2)^2 at (1, 2, 3) has gradients (14, 42, 28)")
    func squaredSumExample() throws {
        var graph = ComputationalGraph()
        let x1 = graph.input("x1")
        let x2 = graph.input("x2")
        let a = graph.input("a")
        let x2Scaled = graph.multiply(a, x2)  // (1) x2' = a x2
        let y = graph.add(x1, x2Scaled)  // (2) y = x1 + x2'
        let z = graph.square(y)  // (3) z = y^2

        let values = try graph.forward([x1: [1], x2: [2], a: [3]])
        #expect(values[z] == [49])
        let gradients = try graph.backward(from: z, values: values)
        #expect(gradients[y] == [14])  // dz/dy = 2y
        #expect(gradients[x1] == [14])
        #expect(gradients[x2] == [42])
        #expect(gradients[a] == [28])
    }

    @Test(
        "logistic regression built from add, mul, exp and inv nodes has the analytic gradient",
        arguments: [(0.5, -1.0, 2.0, 0.25, 0.1), (-3.0, 2.0, 0.5, 1.5, -2.0)])
    func logisticRegression(
        w1: Double, w2: Double, x1Value: Double, x2Value: Double, bias: Double
    ) throws {
        // q = 1 / (1 + exp(-(w1 x1 + w2 x2 + b))), node by node, as in the
        // CS231n notes "Backpropagation, intuitions" (cs231n.github.io)
        var graph = ComputationalGraph()
        let w = [graph.input("w1"), graph.input("w2")]
        let x = [graph.input("x1"), graph.input("x2")]
        let b = graph.input("b")
        let s = graph.add(
            graph.add(graph.multiply(w[0], x[0]), graph.multiply(w[1], x[1])), b)
        let q = graph.inverse(
            graph.add(graph.constant(1), graph.exp(graph.multiply(graph.constant(-1), s))))

        let values = try graph.forward([
            w[0]: [w1], w[1]: [w2], x[0]: [x1Value], x[1]: [x2Value], b: [bias],
        ])
        let gradients = try graph.backward(from: q, values: values)

        let sigma = 1 / (1 + exp(-(w1 * x1Value + w2 * x2Value + bias)))
        let slope = sigma * (1 - sigma)
        #expect(close(values[q]!, [sigma]))
        #expect(close(gradients[w[0]]!, [slope * x1Value]))  // dq/dw = sigma (1 - sigma) x
        #expect(close(gradients[w[1]]!, [slope * x2Value]))
        #expect(close(gradients[b]!, [slope]))  // dq/db = sigma (1 - sigma)
        #expect(close(gradients[x[0]]!, [slope * w1]))  // dq/dx = sigma (1 - sigma) w
    }

    @Test("an output feeding several nodes receives the sum of their gradients")
    func fanOutSumsGradients() throws {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let y = graph.input("y")
        let xSquared = graph.multiply(x, x)  // one node used as both operands
        let f = graph.multiply(graph.add(x, y), x)  // x feeds the add and the multiply

        let values = try graph.forward([x: [3], y: [5]])
        #expect(try graph.backward(from: xSquared, values: values)[x] == [6])  // 2x, not x
        let gradients = try graph.backward(from: f, values: values)
        #expect(gradients[x] == [11])  // 2x + y, not x + y or x
        #expect(gradients[y] == [3])  // x
    }

    @Test("sigmoid and square nodes agree with their composites", arguments: [-30, -2, 0, 0.7, 5])
    func nodesAgreeWithComposites(u: Double) throws {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let sigmoid = graph.sigmoid(x)
        let sigmoidComposite = graph.inverse(
            graph.add(graph.constant(1), graph.exp(graph.negate(x))))
        let square = graph.square(x)
        let squareComposite = graph.multiply(x, x)

        let values = try graph.forward([x: [u]])
        #expect(close(values[sigmoid]!, values[sigmoidComposite]!))
        #expect(close(values[square]!, values[squareComposite]!))
        for (node, composite) in [(sigmoid, sigmoidComposite), (square, squareComposite)] {
            let gradient = try graph.backward(from: node, values: values)[x]!
            #expect(close(gradient, try graph.backward(from: composite, values: values)[x]!))
        }
    }

    @Test("vectors work element-wise, a length-1 operand is broadcast and sum reduces")
    func vectors() throws {
        // L = sum((w * x + b - t)^2) with vectors w, x, t and a scalar bias b
        var graph = ComputationalGraph()
        let w = graph.input("w")
        let x = graph.input("x")
        let b = graph.input("b")
        let t = graph.constant([1, 0, -1])
        let residual = graph.subtract(graph.add(graph.multiply(w, x), b), t)
        let loss = graph.sum(graph.square(residual))

        let values = try graph.forward([w: [1, 2, 3], x: [2, -1, 0.5], b: [0.5]])
        #expect(values[residual] == [1.5, -1.5, 3])  // [2.5, -1.5, 2] - [1, 0, -1]
        #expect(values[loss] == [2.25 + 2.25 + 9])
        let gradients = try graph.backward(from: loss, values: values)
        #expect(gradients[residual] == [3, -3, 6])  // 2 r
        #expect(gradients[w] == [6, 3, 3])  // 2 r x
        #expect(gradients[x] == [3, -6, 18])  // 2 r w
        #expect(gradients[b] == [6])  // sum of 2 r: b fed every element
        #expect(gradients[t] == [-3, 3, -6])
    }

    @Test("operands of different lengths, neither of length 1, are rejected")
    func lengthMismatch() {
        var graph = ComputationalGraph()
        let u = graph.input("u")
        let v = graph.input("v")
        let product = graph.multiply(u, v)
        #expect(throws: GraphError.lengthMismatch(product, lengths: [2, 3])) {
            try graph.forward([u: [1, 2], v: [1, 2, 3]])
        }
        let values = try? graph.forward([u: [1, 2], v: [3, 4]])
        #expect(throws: GraphError.seedLengthMismatch(product, valueLength: 2, seedLength: 1)) {
            try graph.backward(from: product, values: values!, seed: [1])
        }
    }

    @Test("the seed scales every gradient: backward computes seed^T times the Jacobian")
    func seed() throws {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let y = graph.multiply(x, graph.constant([2, 3]))
        let values = try graph.forward([x: [1, 1]])
        #expect(try graph.backward(from: y, values: values)[x] == [2, 3])
        #expect(try graph.backward(from: y, values: values, seed: [10, -1])[x] == [20, -3])
    }

    @Test("a node the output does not depend on sends no gradient back, not even a NaN")
    func unrelatedNodes() throws {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let infinite = graph.inverse(graph.subtract(x, x))  // 1/0
        let z = graph.square(x)
        let values = try graph.forward([x: [2]])
        #expect(values[infinite] == [.infinity])
        let gradients = try graph.backward(from: z, values: values)
        #expect(gradients[x] == [4])
        #expect(gradients[infinite] == [0])
    }

    @Test("a cycle is rejected with an error naming the nodes on it")
    func cycle() throws {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let y = graph.add(x, graph.constant(1))
        let z = graph.square(y)
        #expect(try graph.topologicalOrder().last == z)
        graph.rewire(y, inputs: [x, z])  // y = x + z, z = y^2

        let error = GraphError.cycle([z, y])  // z feeds y, y feeds z
        #expect(throws: error) { try graph.topologicalOrder() }
        #expect(throws: error) { try graph.forward([x: [1]]) }
        #expect(throws: error) { try graph.backward(from: z, values: [:]) }
        #expect(
            error.description
                == "the graph has a cycle, square #3 -> add #2 -> square #3: "
                + "a node cannot depend on its own output")

        graph.rewire(y, inputs: [y, x])  // y = y + x
        #expect(throws: GraphError.cycle([y])) { try graph.forward([x: [1]]) }
    }

    @Test("inputs must be given values, and only inputs")
    func inputValues() {
        var graph = ComputationalGraph()
        let x = graph.input("x")
        let y = graph.input("y")
        let sum = graph.add(x, y)
        #expect(throws: GraphError.missingInputValue(y)) { try graph.forward([x: [1]]) }
        #expect(throws: GraphError.notAnInput(sum)) {
            try graph.forward([x: [1], y: [2], sum: [3]])
        }
        #expect(
            GraphError.missingInputValue(y).description == "no value was given for the input y #1")
    }

    @Test("gradients of a random composite expression match central differences", arguments: 1...8)
    func centralDifferences(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        var graph = ComputationalGraph()
        let inputs = [graph.input("u"), graph.input("v"), graph.input("s")]
        var inputValues = [
            inputs[0]: (0..<3).map { _ in Double.random(in: -1...1, using: &random) },
            inputs[1]: (0..<3).map { _ in Double.random(in: -1...1, using: &random) },
            inputs[2]: [Double.random(in: -1...1, using: &random)],
        ]
        var nodes = inputs
        for _ in 0..<12 {
            let u = nodes.randomElement(using: &random)!
            let v = nodes.randomElement(using: &random)!
            // exp and inverse get safe operands: e^sigmoid(u) and 1 / (1 + u^2)
            let node =
                switch Int.random(in: 0..<9, using: &random) {
                case 0: graph.add(u, v)
                case 1: graph.subtract(u, v)
                case 2: graph.multiply(u, v)
                case 3: graph.negate(u)
                case 4: graph.exp(graph.sigmoid(u))
                case 5: graph.inverse(graph.add(graph.constant(1), graph.square(u)))
                case 6: graph.square(u)
                case 7: graph.sigmoid(u)
                default: graph.sum(u)
                }
            nodes.append(node)
        }
        let loss = graph.sum(graph.add(nodes[nodes.count - 1], nodes[nodes.count - 2]))

        let gradients = try graph.backward(from: loss, values: graph.forward(inputValues))
        #expect(inputs.contains { gradients[$0]!.contains { $0 != 0 } })  // not a constant
        let h = 1e-5
        for input in inputs {
            for i in inputValues[input]!.indices {
                let x = inputValues[input]![i]
                inputValues[input]![i] = x + h
                let plus = try graph.forward(inputValues)[loss]![0]
                inputValues[input]![i] = x - h
                let minus = try graph.forward(inputValues)[loss]![0]
                inputValues[input]![i] = x
                let numeric = (plus - minus) / (2 * h)  // central difference, error O(h^2)
                let analytic = gradients[input]![i]
                #expect(
                    abs(numeric - analytic) <= 1e-6 * max(1, abs(analytic)),
                    "d loss / d \(input)[\(i)]: \(analytic) by backward, \(numeric) numerically")
            }
        }
    }
}

/// Whether two vectors agree to 1e-12, relative to their size.
private func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
}

/// A small seeded generator (SplitMix64), so the random expressions are the
/// same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
