import Datasets
import Tensor
import Testing

/// The IDX reader on small files written here byte by byte (plain and
/// gzip-compressed through zlib), and every way a file can be wrong, with
/// the message checked.
@Suite("IDX files")
struct IDXTests {
    /// Three 2x3 images whose pixels are 0, 10, 20, ..., 170, and labels.
    static let pixels = (0..<18).map { UInt8($0 * 10) }
    static let images = idxBytes(dimensions: [3, 2, 3], data: pixels)
    static let labels = idxBytes(dimensions: [3], data: [2, 0, 1])

    @Test("images and labels round-trip, plain and gzip-compressed", arguments: [false, true])
    func roundTrip(compressed: Bool) throws {
        let directory = TemporaryDirectory()
        let write = compressed ? directory.writeGzip : directory.write
        let suffix = compressed ? ".gz" : ""
        let imagesPath = write(Self.images, "images-idx3-ubyte" + suffix)
        let labelsPath = write(Self.labels, "labels-idx1-ubyte" + suffix)

        #expect(
            try IDXReader.readHeader(at: imagesPath)
                == IDXHeader(dataType: .unsignedByte, dimensions: [3, 2, 3]))
        let images = try IDXReader.readImages(at: imagesPath)
        #expect(images == IDXImages(count: 3, rows: 2, columns: 3, pixels: Self.pixels))
        #expect(try IDXReader.readLabels(at: labelsPath) == [2, 0, 1])

        let dataset = try Dataset<Float>(idxImages: imagesPath, labels: labelsPath)
        #expect(dataset.count == 3 && dataset.featureCount == 6 && dataset.classCount == 3)
        #expect(dataset.labels == [2, 0, 1])
        #expect(dataset.features.elements == Self.pixels.map { Float($0) / 255 })
        #expect(dataset.classNames == nil)
    }

    @Test("dimensions above 255 are read big-endian")
    func bigEndianDimensions() throws {
        let directory = TemporaryDirectory()
        let count = 70_000  // 0x00011170: three significant bytes
        let path = directory.write(
            idxBytes(dimensions: [count], data: (0..<count).map { UInt8($0 % 10) }), to: "labels")
        let labels = try IDXReader.readLabels(at: path)
        #expect(labels.count == count && labels[12_345] == 5)
        let header = idxBytes(type: 0x0D, dimensions: [258, 65_536], data: [])
        let headerPath = directory.write(header, to: "floats")
        #expect(
            try IDXReader.readHeader(at: headerPath)
                == IDXHeader(dataType: .float32, dimensions: [258, 65_536]))
    }

    @Test("pixels scale to exactly 0 and 1 at the ends, in Float and Double")
    func pixelScaling() {
        let images = IDXImages(count: 1, rows: 1, columns: 3, pixels: [0, 51, 255])
        #expect(images.features(as: Float.self).elements == [0, 0.2, 1])
        #expect(images.features(as: Double.self).elements == [0, 0.2, 1])
    }

    @Test("class names set the class count; a label beyond it is an error naming the record")
    func labelOutOfRange() throws {
        let directory = TemporaryDirectory()
        let imagesPath = directory.write(Self.images, to: "images")
        let labelsPath = directory.write(idxBytes(dimensions: [3], data: [1, 0, 7]), to: "labels")
        let named = try Dataset<Double>(
            idxImages: imagesPath, labels: labelsPath, classNames: (0..<8).map { "c\($0)" })
        #expect(named.classCount == 8 && named.classNames?[7] == "c7")
        expectError(
            .labelOutOfRange(
                label: 7, classCount: 3, location: .record(path: labelsPath, number: 3)),
            message: "\(labelsPath): record 3: label 7 is outside 0..<3"
        ) { () throws(DatasetError) in
            try Dataset<Double>(idxImages: imagesPath, labels: labelsPath, classCount: 3)
        }
    }

    // MARK: Bad files

    @Test("a missing file")
    func missingFile() {
        let path = TemporaryDirectory().file("absent-idx3-ubyte.gz")
        expectError(.fileNotFound(path: path), message: "\(path): no such file") {
            () throws(DatasetError) in try IDXReader.readImages(at: path)
        }
    }

    @Test("a directory instead of a file")
    func directoryInsteadOfFile() {
        let directory = TemporaryDirectory()
        expectError(
            .unreadableFile(path: directory.path, reason: "it is a directory"),
            message: "\(directory.path): cannot read the file: it is a directory"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: directory.path) }
    }

    @Test("a bad magic number: not an IDX file", arguments: [false, true])
    func badMagic(compressed: Bool) {
        let directory = TemporaryDirectory()
        let bytes = Array("x,y,label\n1,2,0\n".utf8)
        let path =
            compressed ? directory.writeGzip(bytes, to: "a.gz") : directory.write(bytes, to: "a")
        expectError(
            .notIDX(path: path, magic: [0x78, 0x2C, 0x79, 0x2C]),
            message:
                "\(path): not an IDX file: magic number 78 2c 79 2c, expected 00 00 <type 08|09|0b|0c|0d|0e> <dimensions>"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: path) }
    }

    @Test("an unknown type code or zero dimensions are a bad magic number")
    func badTypeOrDimensions() {
        let directory = TemporaryDirectory()
        let unknownType = directory.write([0, 0, 0x07, 1, 0, 0, 0, 0], to: "type")
        expectError(
            .notIDX(path: unknownType, magic: [0, 0, 7, 1]),
            message:
                "\(unknownType): not an IDX file: magic number 00 00 07 01, expected 00 00 <type 08|09|0b|0c|0d|0e> <dimensions>"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: unknownType) }
        let noDimensions = directory.write([0, 0, 0x08, 0], to: "dims")
        expectError(
            .notIDX(path: noDimensions, magic: [0, 0, 8, 0]),
            message:
                "\(noDimensions): not an IDX file: magic number 00 00 08 00, expected 00 00 <type 08|09|0b|0c|0d|0e> <dimensions>"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: noDimensions) }
    }

    @Test("labels where images are expected, and images where labels are")
    func unexpectedLayout() {
        let directory = TemporaryDirectory()
        let labels = directory.write(Self.labels, to: "labels")
        let images = directory.write(Self.images, to: "images")
        expectError(
            .unexpectedIDXLayout(
                path: labels, expected: "images (unsigned byte, 3 dimensions)",
                found: "unsigned byte (0x08) 3"),
            message:
                "\(labels): expected images (unsigned byte, 3 dimensions), found unsigned byte (0x08) 3"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: labels) }
        expectError(
            .unexpectedIDXLayout(
                path: images, expected: "labels (unsigned byte, 1 dimension)",
                found: "unsigned byte (0x08) 3x2x3"),
            message:
                "\(images): expected labels (unsigned byte, 1 dimension), found unsigned byte (0x08) 3x2x3"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: images) }
        let floats = directory.write(
            idxBytes(type: 0x0D, dimensions: [1, 1, 1], data: [0, 0, 0, 0]), to: "floats")
        expectError(
            .unexpectedIDXLayout(
                path: floats, expected: "images (unsigned byte, 3 dimensions)",
                found: "32-bit float (0x0d) 1x1x1"),
            message:
                "\(floats): expected images (unsigned byte, 3 dimensions), found 32-bit float (0x0d) 1x1x1"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: floats) }
    }

    @Test("a truncated file: data, dimensions, magic, empty", arguments: [false, true])
    func truncated(compressed: Bool) {
        let directory = TemporaryDirectory()
        func write(_ bytes: [UInt8], _ name: String) -> String {
            compressed ? directory.writeGzip(bytes, to: name) : directory.write(bytes, to: name)
        }
        // 16 header bytes + 18 pixels = 34; keep 30.
        let shortData = write(Array(Self.images.prefix(30)), "data")
        expectError(
            .truncatedFile(path: shortData, expectedBytes: 34, foundBytes: 30),
            message:
                "\(shortData): truncated: the IDX header and data need 34 bytes, the file holds 30"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: shortData) }

        let shortHeader = write(Array(Self.images.prefix(9)), "header")
        expectError(
            .truncatedFile(path: shortHeader, expectedBytes: 16, foundBytes: 9),
            message:
                "\(shortHeader): truncated: the IDX header and data need 16 bytes, the file holds 9"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: shortHeader) }

        let empty = write([], "empty")
        expectError(
            .truncatedFile(path: empty, expectedBytes: 4, foundBytes: 0),
            message: "\(empty): truncated: the IDX header and data need 4 bytes, the file holds 0"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: empty) }
    }

    @Test("a gzip file cut short: the stream ends before its end marker")
    func truncatedGzipStream() {
        let directory = TemporaryDirectory()
        let labels = idxBytes(dimensions: [5000], data: (0..<5000).map { UInt8($0 % 251) })
        directory.writeGzip(labels, to: "whole.gz")
        let compressed = directory.read("whole.gz")
        let path = directory.write(Array(compressed.prefix(compressed.count / 2)), to: "cut.gz")
        do {
            _ = try IDXReader.readLabels(at: path)
            Issue.record("a truncated gzip file was read")
        } catch {
            guard case .truncatedFile(path, 5008, let found) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(found < 5008)
            #expect(
                error.description
                    == "\(path): truncated: the IDX header and data need 5008 bytes, the file holds \(found)"
            )
        }
        // Cut inside the 8-byte trailer (CRC and length): all data arrives,
        // but the stream has no proper end.
        let noTrailer = directory.write(Array(compressed.dropLast(4)), to: "trailer.gz")
        expectError(
            .corruptGzip(path: noTrailer, reason: "unexpected end of file (truncated?)"),
            message: "\(noTrailer): corrupt gzip data: unexpected end of file (truncated?)"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: noTrailer) }
    }

    @Test("corrupt gzip data: a damaged block and a wrong checksum")
    func corruptGzip() {
        let directory = TemporaryDirectory()
        directory.writeGzip(Self.images, to: "good.gz")
        let good = directory.read("good.gz")

        // The last 8 bytes are the CRC-32 and the length; damage the CRC.
        var badChecksum = good
        badChecksum[good.count - 8] ^= 0xFF
        let checksumPath = directory.write(badChecksum, to: "crc.gz")
        expectError(
            .corruptGzip(path: checksumPath, reason: "incorrect data check"),
            message: "\(checksumPath): corrupt gzip data: incorrect data check"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: checksumPath) }

        // Byte 10 starts the deflate stream; 0xFF there declares a reserved
        // block type.
        var badBlock = good
        badBlock[10] = 0xFF
        let blockPath = directory.write(badBlock, to: "block.gz")
        expectError(
            .corruptGzip(path: blockPath, reason: "invalid block type"),
            message: "\(blockPath): corrupt gzip data: invalid block type"
        ) { () throws(DatasetError) in try IDXReader.readImages(at: blockPath) }
    }

    @Test("data after the last item")
    func trailingData() {
        let directory = TemporaryDirectory()
        let path = directory.write(Self.labels + [9], to: "labels")
        expectError(
            .trailingData(path: path, expectedBytes: 11),
            message: "\(path): unexpected data after the 11 bytes the header announces"
        ) { () throws(DatasetError) in try IDXReader.readLabels(at: path) }
    }

    @Test("an images file and a labels file of different lengths")
    func countMismatch() {
        let directory = TemporaryDirectory()
        let images = directory.write(Self.images, to: "images")
        let labels = directory.writeGzip(idxBytes(dimensions: [2], data: [0, 1]), to: "labels.gz")
        expectError(
            .countMismatch(imagesPath: images, imageCount: 3, labelsPath: labels, labelCount: 2),
            message: "\(images) holds 3 images but \(labels) holds 2 labels"
        ) { () throws(DatasetError) in try Dataset<Float>(idxImages: images, labels: labels) }
    }
}
