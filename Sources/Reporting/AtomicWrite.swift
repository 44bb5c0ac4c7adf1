import Foundation

/// Writes `text` to `url` atomically (see ``writeAtomically(_:to:)-bytes``).
package func writeAtomically(_ text: String, to url: URL) throws(ReportingError) {
    try writeAtomically(Data(text.utf8), to: url)
}

/// Writes `bytes` to `url` atomically and durably, so that a run killed
/// at any moment, or a machine that loses power, leaves either the previous
/// file or the new one, never a torn one (docs/ARCHITECTURE.md,
/// principle 6):
///
/// 1. the bytes go into a new temporary file beside `url` (same directory,
///    so the same file system), written in full and `fsync`ed;
/// 2. the temporary file is renamed over `url`, which POSIX makes atomic;
/// 3. the directory is `fsync`ed, so the rename itself is on disk.
///
/// Without step 1's `fsync` a crash after the rename can leave `url`
/// naming a file whose data never reached the disk (the zero-length files
/// of ext4's delayed allocation); SQLite and the safetensors writers sync
/// the same way. On failure (a full disk, a read-only or missing
/// directory) the temporary file is removed and `url` is untouched.
///
/// - Throws: ``ReportingError/unwritableFile(path:reason:)`` with the
///   system's reason ("No space left on device").
public func writeAtomically(_ bytes: Data, to url: URL) throws(ReportingError) {
    let directory = url.deletingLastPathComponent().path
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp"
    ).path
    func failure(_ code: Int32) -> ReportingError {
        .unwritableFile(path: url.path, reason: String(cString: strerror(code)))
    }
    let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard file >= 0 else { throw failure(errno) }
    var code = bytes.withUnsafeBytes { writeFully($0, to: file) }
    if code == 0, fsync(file) != 0 { code = errno }
    if close(file) != 0, code == 0 { code = errno }
    if code == 0, rename(temporary, url.path) != 0 { code = errno }
    guard code == 0 else {
        unlink(temporary)
        throw failure(code)
    }
    // The rename is done; a directory that cannot be synced (some network
    // file systems refuse) leaves it merely not yet durable.
    let directoryFile = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryFile >= 0 {
        _ = fsync(directoryFile)
        close(directoryFile)
    }
}

/// Writes all of `bytes` to `file`, retrying short and interrupted writes;
/// 0, or the `errno` of the write that failed.
private func writeFully(_ bytes: UnsafeRawBufferPointer, to file: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let written = write(file, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
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
