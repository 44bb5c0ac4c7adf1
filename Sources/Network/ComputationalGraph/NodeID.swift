/// A handle to one node of a ``ComputationalGraph``: the node's position in
/// the graph and a label for messages.
///
/// The graph's builders (``ComputationalGraph/input(_:)``,
/// ``ComputationalGraph/multiply(_:_:)``, ...) return handles, nodes name
/// their inputs by handle, and the values and gradients computed by
/// ``ComputationalGraph/forward(_:)`` and
/// ``ComputationalGraph/backward(from:values:seed:)`` are keyed by handle.
public struct NodeID: Hashable, Sendable, CustomStringConvertible {
    /// The node's position in ``ComputationalGraph/nodes``.
    public let index: Int
    /// The input's name, or the operation's name (`"multiply"`).
    public let label: String

    /// `label #index`, e.g. `x1 #0` or `square #4`.
    public var description: String { "\(label) #\(index)" }
}
