/// A misuse of an estimator that comes from the data.
public enum EstimatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A label that is not among the classes of the first fit.
    case unknownLabel(String)
    /// Labels of fewer than two classes: nothing to classify.
    case tooFewClasses(Int)

    public var description: String {
        switch self {
        case .unknownLabel(let label):
            "the label \(label) is not among the classes the classifier was first fitted to"
        case .tooFewClasses(let count):
            "a classifier needs labels of at least two classes; got \(count)"
        }
    }
}
