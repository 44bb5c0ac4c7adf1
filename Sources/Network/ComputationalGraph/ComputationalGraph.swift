import Tensor
/// A computational graph: nodes that each apply a ``GraphOperation`` to the
/// outputs of other nodes, evaluated forward in topological order and
/// differentiated backward in reverse order (reverse-mode automatic
/// differentiation: A. Griewank, A. Walther, *Evaluating Derivatives*, 2nd
/// ed., SIAM 2008; Goodfellow, Bengio and Courville, *Deep Learning*, MIT
/// Press 2016, section 6.5).
///
/// Every builder adds one node and returns its handle:
///
/// ```swift
/// var graph = ComputationalGraph()
/// let x1 = graph.input("x1"), x2 = graph.input("x2"), a = graph.input("a")
/// let z = graph.square(graph.add(x1, graph.multiply(a, x2)))  // (x1 + a x2)^2
/// let values = try graph.forward([x1: [1], x2: [2], a: [3]])  // values[z] == [49]
/// let gradients = try graph.backward(from: z, values: values)
/// // gradients[x1] == [14], gradients[x2] == [42], gradients[a] == [28]
/// ```
///
/// Values are vectors of `Double`, a scalar being a vector of length 1 (see
/// ``GraphOperation`` for broadcasting). Nodes name their inputs by handle,
/// so ``rewire(_:inputs:)`` can close a cycle; evaluating such a graph
/// throws ``GraphError/cycle(_:)``.
public struct ComputationalGraph: Sendable {
    /// One node: an operation and the nodes whose outputs it reads.
    public struct Node: Hashable, Sendable {
        /// The node's handle.
        public let id: NodeID
        /// What the node computes.
        public let operation: GraphOperation
        /// The nodes whose outputs are the operation's operands, in order.
        public internal(set) var inputs: [NodeID]
    }

    /// The nodes in the order they were added; `nodes[id.index]` is `id`'s.
    public private(set) var nodes: [Node] = []

    /// An empty graph.
    public init() {}

    /// Adds a node applying `operation` to the outputs of `inputs` (as many
    /// as its ``GraphOperation/arity``), labelled `label` or by the
    /// operation's name.
    public mutating func append(
        _ operation: GraphOperation, inputs: [NodeID], label: String? = nil
    ) -> NodeID {
        checkInputs(inputs, of: operation)
        let id = NodeID(index: nodes.count, label: label ?? operation.name)
        nodes.append(Node(id: id, operation: operation, inputs: inputs))
        return id
    }

    /// Replaces the inputs of `node`. The new inputs may come later in the
    /// graph, which can close a cycle (rejected when the graph is evaluated).
    public mutating func rewire(_ node: NodeID, inputs: [NodeID]) {
        require(isNode(node), "\(node) is not a node of this graph")
        checkInputs(inputs, of: nodes[node.index].operation)
        nodes[node.index].inputs = inputs
    }

    /// A node whose value is given to ``forward(_:)`` under its handle.
    public mutating func input(_ name: String) -> NodeID {
        append(.input, inputs: [], label: name)
    }

    /// A node with the fixed scalar `value`.
    public mutating func constant(_ value: Double) -> NodeID {
        append(.constant([value]), inputs: [])
    }

    /// A node with the fixed vector `values`.
    public mutating func constant(_ values: [Double]) -> NodeID {
        append(.constant(values), inputs: [])
    }

    /// `u + v`; see ``GraphOperation/add``.
    public mutating func add(_ u: NodeID, _ v: NodeID) -> NodeID { append(.add, inputs: [u, v]) }

    /// `u - v`; see ``GraphOperation/subtract``.
    public mutating func subtract(_ u: NodeID, _ v: NodeID) -> NodeID {
        append(.subtract, inputs: [u, v])
    }

    /// `u * v`; see ``GraphOperation/multiply``.
    public mutating func multiply(_ u: NodeID, _ v: NodeID) -> NodeID {
        append(.multiply, inputs: [u, v])
    }

    /// `-u`; see ``GraphOperation/negate``.
    public mutating func negate(_ u: NodeID) -> NodeID { append(.negate, inputs: [u]) }

    /// `e^u`; see ``GraphOperation/exp``.
    public mutating func exp(_ u: NodeID) -> NodeID { append(.exp, inputs: [u]) }

    /// `1 / u`; see ``GraphOperation/inverse``.
    public mutating func inverse(_ u: NodeID) -> NodeID { append(.inverse, inputs: [u]) }

    /// `u^2`; see ``GraphOperation/square``.
    public mutating func square(_ u: NodeID) -> NodeID { append(.square, inputs: [u]) }

    /// `1 / (1 + e^-u)`; see ``GraphOperation/sigmoid``.
    public mutating func sigmoid(_ u: NodeID) -> NodeID { append(.sigmoid, inputs: [u]) }

    /// `u_1 + ... + u_n`, a scalar; see ``GraphOperation/sum``.
    public mutating func sum(_ u: NodeID) -> NodeID { append(.sum, inputs: [u]) }

    /// Whether `id` is a handle of this graph.
    func isNode(_ id: NodeID) -> Bool {
        nodes.indices.contains(id.index) && nodes[id.index].id == id
    }

    private func checkInputs(_ inputs: [NodeID], of operation: GraphOperation) {
        require(
            inputs.count == operation.arity,
            "\(operation.name) takes \(operation.arity) inputs, not \(inputs.count)")
        for input in inputs {
            require(isNode(input), "\(input) is not a node of this graph")
        }
    }
}
