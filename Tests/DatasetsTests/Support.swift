import CZlib
import Datasets
import Foundation
import Testing

/// A fresh directory under the system's temporary directory, removed when
/// the value goes away. Each test makes its own, so tests run in parallel.
final class TemporaryDirectory {
    let path: String

    init() {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("DatasetsTests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` in the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` as they are and returns the path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) -> String {
        let path = file(name)
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    /// Writes `bytes` gzip-compressed to `name` through zlib's `gzwrite` and
    /// returns the path.
    @discardableResult
    func writeGzip(_ bytes: [UInt8], to name: String) -> String {
        let path = file(name)
        let file = gzopen(path, "wb")!
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        precondition(Int(written) == bytes.count && gzclose(file) == Z_OK)
        return path
    }

    /// The bytes of the file `name`.
    func read(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: file(name))!)
    }
}

/// An IDX file's bytes, built by hand from the format's description: magic
/// `00 00 type dims`, each dimension as a big-endian 32-bit integer, then
/// the data.
func idxBytes(type: UInt8 = 0x08, dimensions: [Int], data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
    for size in dimensions {
        bytes += [
            UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF),
            UInt8(size & 0xFF),
        ]
    }
    return bytes + data
}

/// Runs `body`, expects it to throw `expected`, and checks the one-line
/// message against `message` exactly.
func expectError<T>(
    _ expected: DatasetError, message: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(DatasetError) -> T
) {
    do {
        _ = try body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(error.description == message, sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    }
}
