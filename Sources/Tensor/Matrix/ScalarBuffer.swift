/// Contiguous scalars that BLAS can read: arrays, array slices, matrices,
/// row slices of matrices and views into a flat parameter buffer.
///
/// Level-1 routines (``BLAS/axpy(_:_:_:)``, ``BLAS/dot(_:_:)``, ...) take any
/// conforming type, so an optimizer works on a model's flat parameter vector
/// with the same calls it uses on a plain `[Double]`.
public protocol ScalarBuffer<Scalar> {
    associatedtype Scalar: BLASScalar

    /// The number of scalars.
    var count: Int { get }

    /// Calls `body` with a pointer to the `count` contiguous scalars.
    func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R
}

/// Contiguous scalars that BLAS can write.
public protocol MutableScalarBuffer<Scalar>: ScalarBuffer {
    /// Calls `body` with a mutable pointer to the `count` contiguous scalars.
    /// For value types with copy-on-write storage this makes the storage
    /// unique first (one copy at most, none when it already is).
    mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R
}

extension Array: ScalarBuffer where Element: BLASScalar {
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        try withUnsafeBufferPointer { try body($0) }
    }
}

extension Array: MutableScalarBuffer where Element: BLASScalar {
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try withUnsafeMutableBufferPointer { try body($0) }
    }
}

extension ArraySlice: ScalarBuffer where Element: BLASScalar {
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        try withUnsafeBufferPointer { try body($0) }
    }
}

extension ArraySlice: MutableScalarBuffer where Element: BLASScalar {
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try withUnsafeMutableBufferPointer { try body($0) }
    }
}

extension ContiguousArray: ScalarBuffer where Element: BLASScalar {
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        try withUnsafeBufferPointer { try body($0) }
    }
}

extension ContiguousArray: MutableScalarBuffer where Element: BLASScalar {
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try withUnsafeMutableBufferPointer { try body($0) }
    }
}

/// A programmer error: two buffers that must have the same length do not.
@inlinable
func require<A: ScalarBuffer, B: ScalarBuffer>(
    sameCount a: A, _ b: B, in operation: StaticString
) {
    require(
        a.count == b.count,
        "\(operation): x has \(a.count) elements but y has \(b.count)")
}

extension UnsafeBufferPointer {
    /// The base address, or a dangling aligned pointer for an empty buffer
    /// (whose base address may be nil): BLAS reads nothing through it then,
    /// and the C interface wants a non-null pointer.
    @inlinable
    var address: UnsafePointer<Element> {
        baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }
}

extension UnsafeMutableBufferPointer {
    /// The base address, or a dangling aligned pointer for an empty buffer.
    @inlinable
    var address: UnsafeMutablePointer<Element> {
        baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }
}

extension UnsafeBufferPointer: ScalarBuffer where Element: BLASScalar {
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        try body(self)
    }
}

extension UnsafeMutableBufferPointer: ScalarBuffer where Element: BLASScalar {
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        try body(UnsafeBufferPointer(self))
    }
}

extension UnsafeMutableBufferPointer: MutableScalarBuffer where Element: BLASScalar {
    /// Writes go straight to the memory the pointer refers to.
    @inlinable
    public func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try body(self)
    }
}
