import Foundation

/// Writes `text` to `url` atomically (see ``writeAtomically(_:to:)-bytes``).
func writeAtomically(_ text: String, to url: URL) throws(ReportingError) {
    try writeAtomically(Data(text.utf8), to: url)
}

/// Writes `bytes` to `url` atomically: into a temporary file beside it,
/// then renamed over it, so an interrupted run never leaves a half-written
/// report or checkpoint (docs/ARCHITECTURE.md, principle 6). The temporary file is
/// removed on failure.
public func writeAtomically(_ bytes: Data, to url: URL) throws(ReportingError) {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
        try bytes.write(to: temporary)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw .unwritableFile(path: url.path, reason: systemReason(error))
    }
    if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw .unwritableFile(path: url.path, reason: reason)
    }
}

/// Reads a whole UTF-8 text file.
func readText(at url: URL) throws(ReportingError) -> String {
    do {
        return try String(contentsOf: url, encoding: .utf8)
    } catch {
        throw .unreadableFile(path: url.path, reason: systemReason(error))
    }
}

/// The most specific message Foundation gives for a file error: the POSIX
/// reason when there is one ("No such file or directory").
private func systemReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
        underlying.domain == NSPOSIXErrorDomain,
        let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
        return String(cString: strerror(code.rawValue))
    }
    return nsError.localizedDescription
}
