import Tensor
extension ComputationalGraph {
    /// Evaluates every node in topological order, each from its inputs'
    /// values.
    ///
    /// - Parameter inputValues: a value for every input node.
    /// - Returns: every node's value.
    /// - Throws: ``GraphError/cycle(_:)``, ``GraphError/missingInputValue(_:)``,
    ///   ``GraphError/notAnInput(_:)`` or ``GraphError/lengthMismatch(_:lengths:)``.
    public func forward(_ inputValues: [NodeID: [Double]]) throws(GraphError) -> [NodeID: [Double]]
    {
        for id in inputValues.keys {
            require(isNode(id), "\(id) is not a node of this graph")
            guard nodes[id.index].operation == .input else { throw .notAnInput(id) }
        }
        var values: [NodeID: [Double]] = [:]
        for id in try topologicalOrder() {
            let node = nodes[id.index]
            guard node.operation != .input else {
                guard let value = inputValues[id] else { throw .missingInputValue(id) }
                values[id] = value
                continue
            }
            let operands = node.inputs.map { values[$0]! }
            if operands.count == 2, broadcastLength(operands[0].count, operands[1].count) == nil {
                throw .lengthMismatch(id, lengths: operands.map(\.count))
            }
            values[id] = node.operation.forward(operands)
        }
        return values
    }

    /// The gradient of `output` with respect to every node, by the chain rule
    /// applied in reverse topological order.
    ///
    /// The output's gradient is `seed` (by default ones: `dz/dz = 1`). Each
    /// node then sends its inputs their shares by its local formula (see
    /// ``GraphOperation``), and a node receives the sum of the shares sent to
    /// it: one output feeding several nodes (fan-out) affects `z` along every
    /// path. A broadcast length-1 operand fed every element, so it too gets
    /// the sum. Nodes that `output` does not depend on get zeros.
    ///
    /// - Parameters:
    ///   - output: the node to differentiate, usually a scalar loss.
    ///   - values: the result of ``forward(_:)`` on this graph.
    ///   - seed: the gradient of the output, as long as its value.
    /// - Returns: every node's gradient, as long as its value.
    /// - Throws: ``GraphError/cycle(_:)`` or
    ///   ``GraphError/seedLengthMismatch(_:valueLength:seedLength:)``.
    public func backward(
        from output: NodeID, values: [NodeID: [Double]], seed: [Double]? = nil
    ) throws(GraphError) -> [NodeID: [Double]] {
        require(isNode(output), "\(output) is not a node of this graph")
        let order = try topologicalOrder()
        func value(_ id: NodeID) -> [Double] {
            guard let value = values[id] else {
                fatalError("no value for \(id): pass the result of forward(_:)")
            }
            return value
        }
        let seed = seed ?? Array(repeating: 1, count: value(output).count)
        guard seed.count == value(output).count else {
            throw .seedLengthMismatch(
                output, valueLength: value(output).count, seedLength: seed.count)
        }

        var gradients: [NodeID: [Double]] = [:]
        for id in order { gradients[id] = Array(repeating: 0, count: value(id).count) }
        gradients[output] = seed
        var reached: Set<NodeID> = [output]
        for id in order.reversed() where reached.contains(id) {
            let node = nodes[id.index]
            let shares = node.operation.backward(
                node.inputs.map(value), output: value(id), gradient: gradients[id]!)
            for (input, share) in zip(node.inputs, shares) {
                if share.count == gradients[input]!.count {
                    for i in share.indices { gradients[input]![i] += share[i] }
                } else {  // a broadcast length-1 operand
                    gradients[input]![0] += share.reduce(0, +)
                }
                reached.insert(input)
            }
        }
        return gradients
    }
}
