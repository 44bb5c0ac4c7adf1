/// How the label fields of a CSV file become class indices `0..<k`.
public enum LabelEncoding: Equatable, Sendable {
    /// ``integers(classCount:)`` without a class count when every label is a
    /// non-negative integer (`0`, `7`, also `3.0`), otherwise
    /// ``sortedNames``.
    case automatic
    /// Each label is a non-negative integer and is kept as the class index.
    /// The class count is `classCount`, or the largest label plus one when
    /// `nil`; the dataset has no class names.
    case integers(classCount: Int?)
    /// The distinct label strings, sorted, are the classes `0, 1, ...` and
    /// their names: numerically when every label is a number (`-1` before
    /// `1` before `10`), otherwise by string comparison (`"cat"` before
    /// `"dog"`).
    case sortedNames
    /// The distinct label strings in the order they first appear are the
    /// classes `0, 1, ...` and their names.
    case firstSeenNames
    /// These names are the classes `0, 1, ...`, in this order, whichever of
    /// them the file holds: a test file read with a training set's class
    /// list gets that set's indices. A label not in the list is an error
    /// naming the file and line.
    case names([String])
}
