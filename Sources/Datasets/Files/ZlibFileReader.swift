import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads a file through zlib's `gzopen`/`gzread`: a gzip-compressed file is
/// decompressed as it is read, any other file passes through unchanged
/// (zlib's transparent mode), so callers never look at the file name.
///
/// Errors become ``DatasetError``s that name the file: a missing file, one
/// that cannot be read, a corrupt gzip stream (zlib's own message), and a
/// gzip stream that ends early (``endedEarly``).
final class ZlibFileReader {
    /// The path as given, for error messages.
    let path: String
    private let file: gzFile

    /// Opens `path` for reading.
    init(path: String) throws(DatasetError) {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path: path) }
            throw .unreadableFile(path: path, reason: systemMessage(code))
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw .unreadableFile(path: path, reason: "it is a directory")
        }
        guard let file = gzopen(path, "rb") else {
            throw .unreadableFile(path: path, reason: systemMessage(errno))
        }
        self.file = file
        gzbuffer(file, 1 << 18)  // 256 KiB, set before the first read
    }

    deinit { gzclose(file) }

    /// Whether the last read stopped because a gzip stream ended before its
    /// end marker (a truncated `.gz` file).
    var endedEarly: Bool {
        var code: Int32 = 0
        _ = gzerror(file, &code)
        return code == Z_BUF_ERROR
    }

    /// Reads up to `buffer.count` bytes into `buffer` and returns how many
    /// were read: fewer only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
        guard var address = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let request = UInt32(min(buffer.count - total, 1 << 30))
            let count = gzread(file, address, request)
            guard count >= 0 else { throw currentError() }
            if count == 0 { break }
            total += Int(count)
            address += Int(count)
        }
        return total
    }

    /// Reads up to `count` bytes: fewer only at the end of the data.
    ///
    /// Reads in chunks of at most ``chunkSize`` bytes, so memory grows with
    /// the bytes that are there, never with a `count` a corrupt header
    /// declares (a 1.6 TB image count in a 1 KB file is a truncated file,
    /// not an allocation).
    func read(count: Int) throws(DatasetError) -> [UInt8] {
        var bytes = [UInt8]()
        while bytes.count < count {
            let wanted = Swift.min(count - bytes.count, Self.chunkSize)
            var failure: DatasetError?
            let chunk = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
                do throws(DatasetError) {
                    initialized = try read(into: UnsafeMutableRawBufferPointer(buffer))
                } catch {
                    initialized = 0
                    failure = error
                }
            }
            if let failure { throw failure }
            if bytes.isEmpty && chunk.count == count { return chunk }
            bytes += chunk
            if chunk.count < wanted { break }
        }
        return bytes
    }

    /// The largest piece ``read(count:)`` allocates before it has data.
    static var chunkSize: Int { 1 << 24 }

    /// Reads everything left, checking that a gzip stream ends properly.
    func readAll() throws(DatasetError) -> [UInt8] {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { chunk.deallocate() }
        var bytes = [UInt8]()
        while true {
            let count = try read(into: chunk)
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { break }
        }
        if endedEarly {
            throw .corruptGzip(path: path, reason: "unexpected end of file (truncated?)")
        }
        return bytes
    }

    /// The error zlib reports for the last failed read.
    private func currentError() -> DatasetError {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
        if code == Z_ERRNO { return .unreadableFile(path: path, reason: systemMessage(errno)) }
        // zlib prefixes its messages with the path it was given.
        let prefix = path + ": "
        let reason = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
        return .corruptGzip(path: path, reason: reason)
    }
}

/// The C library's text for an `errno` value.
private func systemMessage(_ code: Int32) -> String {
    strerror(code).map { String(cString: $0) } ?? "error \(code)"
}
