extension ComputationalGraph {
    /// The nodes ordered so that each comes after all of its inputs, found by
    /// depth-first search from every node (a node is placed once all its
    /// inputs are).
    ///
    /// - Throws: ``GraphError/cycle(_:)`` with the nodes on a cycle, if the
    ///   search reaches a node again while still placing that node's inputs.
    public func topologicalOrder() throws(GraphError) -> [NodeID] {
        enum Mark { case unvisited, inProgress, placed }
        var marks = Array(repeating: Mark.unvisited, count: nodes.count)
        var order: [NodeID] = []
        var path: [NodeID] = []  // the nodes being placed, each an input of the one before

        func visit(_ id: NodeID) throws(GraphError) {
            switch marks[id.index] {
            case .placed:
                return
            case .inProgress:
                let start = path.lastIndex(of: id)!
                throw .cycle(path[start...].reversed())  // reversed into data-flow order
            case .unvisited:
                marks[id.index] = .inProgress
                path.append(id)
                for input in nodes[id.index].inputs { try visit(input) }
                path.removeLast()
                marks[id.index] = .placed
                order.append(id)
            }
        }

        for node in nodes { try visit(node.id) }
        return order
    }
}
