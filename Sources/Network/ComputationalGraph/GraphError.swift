/// Why a ``ComputationalGraph`` could not be evaluated or differentiated.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The nodes form a cycle, so there is no order in which every node comes
    /// after its inputs. Listed in data-flow order: each node feeds the next
    /// and the last feeds the first.
    case cycle([NodeID])
    /// ``ComputationalGraph/forward(_:)`` was given no value for this input
    /// node.
    case missingInputValue(NodeID)
    /// ``ComputationalGraph/forward(_:)`` was given a value for a node that is
    /// not an input.
    case notAnInput(NodeID)
    /// The two operands of this element-wise node have these lengths, which
    /// are neither equal nor is one of them 1 (a broadcast scalar).
    case lengthMismatch(NodeID, lengths: [Int])
    /// ``ComputationalGraph/backward(from:values:seed:)`` was given a seed
    /// whose length differs from the length of the output's value.
    case seedLengthMismatch(NodeID, valueLength: Int, seedLength: Int)

    public var description: String {
        switch self {
        case .cycle(let nodes):
            let path = (nodes + nodes.prefix(1)).map(\.description).joined(separator: " -> ")
            return "the graph has a cycle, \(path): a node cannot depend on its own output"
        case .missingInputValue(let node):
            return "no value was given for the input \(node)"
        case .notAnInput(let node):
            return "a value was given for \(node), which is not an input node"
        case .lengthMismatch(let node, let lengths):
            let list = lengths.map(String.init).joined(separator: " and ")
            return "the operands of \(node) have lengths \(list); element-wise operations need "
                + "equal lengths or a length-1 operand"
        case .seedLengthMismatch(let node, let valueLength, let seedLength):
            return
                "the seed gradient has length \(seedLength) but \(node) has length \(valueLength)"
        }
    }
}
