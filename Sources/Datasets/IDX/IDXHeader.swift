/// The header of an IDX file: the element type and the dimensions.
///
/// The file starts with the magic number `00 00 tt dd` (`tt` the
/// ``IDXDataType``, `dd` the number of dimensions), then each dimension as a
/// 32-bit big-endian unsigned integer, then the elements in row-major order
/// (the last dimension varies fastest). MNIST's images are `n x 28 x 28`
/// unsigned bytes (magic `00 00 08 03`), its labels `n` unsigned bytes
/// (`00 00 08 01`).
public struct IDXHeader: Equatable, Sendable, CustomStringConvertible {
    /// The element type.
    public var dataType: IDXDataType
    /// The sizes, outermost first; the first is the number of items.
    public var dimensions: [Int]

    /// A header for elements of `dataType` in an array of `dimensions`.
    public init(dataType: IDXDataType, dimensions: [Int]) {
        self.dataType = dataType
        self.dimensions = dimensions
    }

    /// The size of the header in bytes: `4 + 4 * dimensions.count`.
    public var byteCount: Int { 4 + 4 * dimensions.count }

    /// The size of the data after the header in bytes, or nil when it does
    /// not fit in an `Int`.
    public var dataByteCount: Int? {
        var total = dataType.byteCount
        for size in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// E.g. `unsigned byte (0x08) 60000x28x28`.
    public var description: String {
        "\(dataType) " + dimensions.map(String.init).joined(separator: "x")
    }
}
