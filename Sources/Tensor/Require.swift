/// Stops the program with `message` when `condition` is false: for
/// programmer errors, such as shapes that do not fit or an index out of
/// range, which no caller can handle.
///
/// The standard library's `precondition` drops its message in optimized
/// builds (`-O`), so a misuse in a release build would print only "Illegal
/// instruction". `require` checks the same condition in every build but
/// `-Ounchecked` and always prints its message, so the user learns which
/// sizes disagreed. Failures that come from data (files, labels, feature
/// counts) are thrown errors instead (docs/ARCHITECTURE.md, principle 6).
///
/// ```swift
/// require(a.columns == b.rows, "matmul: \(a.shape) times \(b.shape)")
/// ```
@inlinable
@inline(__always)
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { requirementFailed(message(), file: file, line: line) }
}

/// The cold path of ``require(_:_:file:line:)``, kept out of line so that
/// the check inlines to a compare and a branch.
@usableFromInline
@inline(never)
func requirementFailed(_ message: String, file: StaticString, line: UInt) -> Never {
    fatalError(message, file: file, line: line)
}
