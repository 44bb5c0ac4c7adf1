import Foundation

/// Standard output (file descriptor 1) as a `TextOutputStream`, for
/// ``ProgressBar``: each write goes straight to the descriptor, after
/// flushing what `print` has buffered so the order is kept.
public struct StandardOutput: TextOutputStream, Sendable {
    /// A stream on file descriptor 1.
    public init() {}

    /// Writes `string` at once (no buffering); errors are ignored, as
    /// `print` ignores them.
    public mutating func write(_ string: String) {
        fflush(nil)
        var bytes = Array(string.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Whether standard output is a terminal (`isatty(1)`): a progress bar
    /// is drawn there, and not into pipes or files.
    public static var isTerminal: Bool { isatty(1) != 0 }

    /// The terminal's width in columns, or `nil` when standard output is
    /// not a terminal or does not say.
    public static var terminalColumns: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
