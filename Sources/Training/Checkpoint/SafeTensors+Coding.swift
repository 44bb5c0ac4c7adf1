import Foundation
import Reporting

/// A safetensors file that cannot be read: the message names the file and
/// what is wrong with it.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One line for the user.
    public var description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }
}

extension SafeTensors {
    /// The file's bytes: header length, JSON header (tensors sorted by
    /// name, data in that order), data.
    public func encoded() throws -> [UInt8] {
        var header: [String: Any] = [:]
        var data: [UInt8] = []
        for name in tensors.keys.sorted() {
            let entry = tensors[name]!
            header[name] = [
                "dtype": entry.dtype.rawValue, "shape": entry.shape,
                "data_offsets": [data.count, data.count + entry.bytes.count],
            ]
            data += entry.bytes
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // The format pads the header with spaces to an 8-byte boundary.
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var length = UInt64(json.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + Array(json) + data
    }

    /// Reads a file's bytes, checking every size and offset.
    ///
    /// - Throws: ``CheckpointError`` naming `source` and the problem.
    public init(decoding bytes: [UInt8], source: String = "checkpoint") throws(CheckpointError) {
        func fail(_ problem: String) -> CheckpointError {
            CheckpointError("\(source): not a valid safetensors file: \(problem)")
        }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes, too short for a header") }
        let length = bytes[0..<8].enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail(
                "the header claims \(length) bytes but the file has \(bytes.count - 8) after the length"
            )
        }
        let headerEnd = 8 + Int(length)
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
            let header = object as? [String: Any]
        else { throw fail("the header is not a JSON object") }
        let dataSize = bytes.count - headerEnd
        var tensors: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let strings = value as? [String: String] else {
                    throw fail("metadata values must be strings")
                }
                metadata = strings
                continue
            }
            guard let fields = value as? [String: Any],
                let dtypeName = fields["dtype"] as? String,
                let shape = fields["shape"] as? [Int],
                let offsets = fields["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("tensor '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("tensor '\(name)' has unsupported dtype \(dtypeName)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard shape.allSatisfy({ $0 >= 0 }), begin >= 0, begin <= end, end <= dataSize,
                end - begin == shape.reduce(1, *) * dtype.size
            else {
                throw fail(
                    "tensor '\(name)' of shape \(shape) (\(dtypeName)) does not match its data offsets \(offsets) in \(dataSize) bytes"
                )
            }
            tensors[name] = Entry(
                dtype: dtype, shape: shape,
                bytes: Array(bytes[(headerEnd + begin)..<(headerEnd + end)]))
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// Writes the file atomically: to a temporary file beside `url`, then
    /// renamed over it, so an interrupted run never leaves a half-written
    /// checkpoint (docs/ARCHITECTURE.md, principle 6).
    public func write(to url: URL) throws {
        try writeAtomically(Data(try encoded()), to: url)
    }

    /// Reads a safetensors file.
    ///
    /// - Throws: ``CheckpointError`` when the file is missing or invalid.
    public init(contentsOf url: URL) throws(CheckpointError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointError("\(url.path): no such checkpoint file")
        }
        try self.init(decoding: Array(data), source: url.path)
    }
}

extension SafeTensors.Entry {
    /// An entry from its parts (the reader's path).
    init(dtype: SafeTensors.DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }
}
