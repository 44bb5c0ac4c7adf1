import Foundation
import Tensor

/// A file in the safetensors format (Hugging Face): an 8-byte little-endian
/// header length `N`, a JSON header of `N` bytes, then the tensors' raw
/// little-endian bytes back to back.
///
/// ```
/// { "W0": {"dtype": "F32", "shape": [784, 256], "data_offsets": [0, 802816]},
///   "__metadata__": {"architecture": "...", ...} }
/// ```
///
/// Offsets are relative to the end of the header. Metadata values are
/// strings (the format's rule); structured values are stored as JSON text.
/// Files written here load in Python's `safetensors` package.
public struct SafeTensors: Sendable, Equatable {
    /// One tensor: its element type, shape and elements.
    public struct Entry: Sendable, Equatable {
        /// The element type.
        public var dtype: DType
        /// The dimensions; the product is the element count.
        public var shape: [Int]
        /// The raw little-endian bytes.
        public var bytes: [UInt8]

        /// A tensor of `Float` or `Double` elements.
        public init<Scalar: BLASScalar>(_ elements: some ScalarBuffer<Scalar>, shape: [Int]) {
            require(
                shape.reduce(1, *) == elements.count,
                "SafeTensors: shape \(shape) does not hold \(elements.count) elements")
            self.dtype = Scalar.self == Float.self ? .float32 : .float64
            self.shape = shape
            self.bytes = elements.withUnsafeScalars { Array(UnsafeRawBufferPointer($0)) }
        }

        /// A tensor of 64-bit unsigned integers (a generator's state).
        public init(_ words: [UInt64], shape: [Int]? = nil) {
            self.dtype = .uint64
            self.shape = shape ?? [words.count]
            self.bytes = words.withUnsafeBytes { Array($0) }
        }

        /// The elements as `Scalar`, converting between Float and Double.
        /// Returns nil for integer tensors.
        public func scalars<Scalar: BLASScalar>(as _: Scalar.Type = Scalar.self) -> [Scalar]? {
            switch dtype {
            case .float32:
                bytes.withUnsafeBytes { $0.bindMemory(to: Float.self).map { Scalar($0) } }
            case .float64:
                bytes.withUnsafeBytes { $0.bindMemory(to: Double.self).map { Scalar($0) } }
            case .uint64: nil
            }
        }

        /// The elements of a `U64` tensor.
        public var words: [UInt64]? {
            dtype == .uint64 ? bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt64.self)) } : nil
        }
    }

    /// The element types this reader and writer know.
    public enum DType: String, Sendable, Codable {
        case float32 = "F32"
        case float64 = "F64"
        case uint64 = "U64"

        /// Bytes per element.
        public var size: Int { self == .float32 ? 4 : 8 }
    }

    /// The tensors by name.
    public var tensors: [String: Entry]
    /// String metadata (the header's `__metadata__`).
    public var metadata: [String: String]

    /// A file's contents.
    public init(tensors: [String: Entry] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}
