import Tensor

/// Grayscale images read from an IDX file (`n x rows x columns` unsigned
/// bytes, e.g. MNIST's `60000 x 28 x 28`).
public struct IDXImages: Equatable, Sendable {
    /// The number of images.
    public let count: Int
    /// The height of each image in pixels.
    public let rows: Int
    /// The width of each image in pixels.
    public let columns: Int
    /// The `count * rows * columns` pixel intensities, image after image,
    /// each image row after row; 0 is background, 255 full ink.
    public let pixels: [UInt8]

    /// Images of `rows x columns` pixels from their pixels. Stops when
    /// `pixels.count != count * rows * columns`.
    public init(count: Int, rows: Int, columns: Int, pixels: [UInt8]) {
        require(
            pixels.count == count * rows * columns,
            "IDXImages: \(count) images of \(rows)x\(columns) need \(count * rows * columns) pixels, got \(pixels.count)"
        )
        self.count = count
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
    }

    /// The number of pixels in one image, `rows * columns`.
    @inlinable public var pixelsPerImage: Int { rows * columns }

    /// The images as a `count x (rows * columns)` feature matrix, one image
    /// per row, each pixel scaled to `[0, 1]` as `pixel / 255`: a new array
    /// of scalars, four or eight times the size of the pixels. A dataset
    /// keeps the bytes instead (``Dataset/init(idxImages:labels:classCount:classNames:)``).
    @inlinable
    public func features<Scalar: BLASScalar>(as _: Scalar.Type = Scalar.self) -> Matrix<Scalar> {
        // A division per pixel: exact (255 maps to 1), and it vectorizes.
        let scaled = [Scalar](unsafeUninitializedCapacity: pixels.count) { output, initialized in
            pixels.withUnsafeBufferPointer { input in
                for i in 0..<input.count { output[i] = Scalar(input[i]) / 255 }
            }
            initialized = pixels.count
        }
        return Matrix(rows: count, columns: pixelsPerImage, elements: scaled)
    }
}
