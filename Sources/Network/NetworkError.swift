/// Problems in the data handed to a network, thrown rather than trapped
/// (docs/ARCHITECTURE.md, principle 6): they come from files and users, not from bugs.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A class label outside `0..<classes`.
    case labelOutOfRange(label: Int, sample: Int, classes: Int)
    /// Sample weights that are negative, not finite, or that sum to zero.
    case invalidSampleWeights(String)

    public var description: String {
        switch self {
        case .labelOutOfRange(let label, let sample, let classes):
            "label \(label) of sample \(sample) is outside 0..<\(classes)"
        case .invalidSampleWeights(let reason):
            "invalid sample weights: \(reason)"
        }
    }
}
