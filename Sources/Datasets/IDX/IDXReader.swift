/// Reads IDX files, the format of the MNIST and Fashion-MNIST databases
/// (LeCun, Cortes and Burges, <http://yann.lecun.com/exdb/mnist/>; see
/// ``IDXHeader`` for the layout).
///
/// Files compressed with gzip (`.gz`, as the databases are distributed) are
/// decompressed through zlib while they are read; uncompressed files are
/// read as they are. The data is read in one piece after the header and
/// checked against it: a short file is ``DatasetError/truncatedFile(path:expectedBytes:foundBytes:)``,
/// extra bytes are ``DatasetError/trailingData(path:expectedBytes:)``.
public enum IDXReader {
    /// The header of the IDX file at `path`.
    public static func readHeader(at path: String) throws(DatasetError) -> IDXHeader {
        try readHeader(from: ZlibFileReader(path: path))
    }

    /// The images in the IDX file at `path`: unsigned bytes with three
    /// dimensions, `count x rows x columns`.
    public static func readImages(at path: String) throws(DatasetError) -> IDXImages {
        let reader = try ZlibFileReader(path: path)
        let header = try readHeader(from: reader)
        guard header.dataType == .unsignedByte, header.dimensions.count == 3 else {
            throw .unexpectedIDXLayout(
                path: path, expected: "images (unsigned byte, 3 dimensions)",
                found: header.description)
        }
        let pixels = try readData(of: header, from: reader)
        let dimensions = header.dimensions
        return IDXImages(
            count: dimensions[0], rows: dimensions[1], columns: dimensions[2], pixels: pixels)
    }

    /// The labels in the IDX file at `path`: unsigned bytes with one
    /// dimension, one label per item.
    public static func readLabels(at path: String) throws(DatasetError) -> [Int] {
        let reader = try ZlibFileReader(path: path)
        let header = try readHeader(from: reader)
        guard header.dataType == .unsignedByte, header.dimensions.count == 1 else {
            throw .unexpectedIDXLayout(
                path: path, expected: "labels (unsigned byte, 1 dimension)",
                found: header.description)
        }
        return try readData(of: header, from: reader).map(Int.init)
    }

    /// Reads and checks the magic number and the dimensions.
    static func readHeader(from reader: ZlibFileReader) throws(DatasetError) -> IDXHeader {
        let path = reader.path
        let magic = try reader.read(count: 4)
        try checkComplete(reader, expected: 4, found: magic.count)
        guard magic[0] == 0, magic[1] == 0, let dataType = IDXDataType(rawValue: magic[2]),
            magic[3] > 0
        else { throw .notIDX(path: path, magic: magic) }

        let dimensionCount = Int(magic[3])
        let sizes = try reader.read(count: 4 * dimensionCount)
        try checkComplete(reader, expected: 4 + 4 * dimensionCount, found: 4 + sizes.count)
        let dimensions = (0..<dimensionCount).map { d in
            sizes[4 * d..<4 * d + 4].reduce(0) { $0 << 8 | Int($1) }  // big-endian
        }
        let header = IDXHeader(dataType: dataType, dimensions: dimensions)
        guard header.dataByteCount != nil else {
            throw .unexpectedIDXLayout(
                path: path, expected: "a size that fits in memory", found: header.description)
        }
        return header
    }

    /// Reads the data the header announces, in one piece, and checks that
    /// nothing follows it.
    static func readData(of header: IDXHeader, from reader: ZlibFileReader) throws(DatasetError)
        -> [UInt8]
    {
        let count = header.dataByteCount!
        let data = try reader.read(count: count)
        try checkComplete(
            reader, expected: header.byteCount + count, found: header.byteCount + data.count)
        let extra = try reader.read(count: 1)
        if reader.endedEarly {
            throw .corruptGzip(path: reader.path, reason: "unexpected end of file (truncated?)")
        }
        guard extra.isEmpty else {
            throw .trailingData(path: reader.path, expectedBytes: header.byteCount + count)
        }
        return data
    }

    /// Throws ``DatasetError/truncatedFile(path:expectedBytes:foundBytes:)``
    /// when fewer than `expected` bytes (counted from the start of the file)
    /// could be read.
    private static func checkComplete(_ reader: ZlibFileReader, expected: Int, found: Int)
        throws(DatasetError)
    {
        guard found < expected else { return }
        throw .truncatedFile(path: reader.path, expectedBytes: expected, foundBytes: found)
    }
}
