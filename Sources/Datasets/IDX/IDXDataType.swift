/// The element type of an IDX file: the third byte of its magic number.
///
/// From the format's description with the MNIST database (LeCun, Cortes and
/// Burges, <http://yann.lecun.com/exdb/mnist/>): multi-byte elements are
/// stored big-endian.
public enum IDXDataType: UInt8, Sendable, CustomStringConvertible {
    /// `0x08`: unsigned byte (MNIST pixels and labels).
    case unsignedByte = 0x08
    /// `0x09`: signed byte.
    case signedByte = 0x09
    /// `0x0B`: 16-bit signed integer.
    case int16 = 0x0B
    /// `0x0C`: 32-bit signed integer.
    case int32 = 0x0C
    /// `0x0D`: 32-bit IEEE float.
    case float32 = 0x0D
    /// `0x0E`: 64-bit IEEE float.
    case float64 = 0x0E

    /// The size of one element in bytes.
    public var byteCount: Int {
        switch self {
        case .unsignedByte, .signedByte: 1
        case .int16: 2
        case .int32, .float32: 4
        case .float64: 8
        }
    }

    /// The name and the code, e.g. `unsigned byte (0x08)`.
    public var description: String {
        let name =
            switch self {
            case .unsignedByte: "unsigned byte"
            case .signedByte: "signed byte"
            case .int16: "16-bit integer"
            case .int32: "32-bit integer"
            case .float32: "32-bit float"
            case .float64: "64-bit float"
            }
        return "\(name) (0x\(rawValue < 16 ? "0" : "")\(String(rawValue, radix: 16)))"
    }
}
