// Element-wise maps in place. They are generic and @inlinable so that the
// closure is inlined into a plain loop over the storage, which the
// compiler vectorizes; nothing is allocated.

extension MutableScalarBuffer {
    /// Replaces every element `x` with `transform(x)`.
    @inlinable
    public mutating func apply(_ transform: (Scalar) -> Scalar) {
        withUnsafeMutableScalars { buffer in
            for i in buffer.indices { buffer[i] = transform(buffer[i]) }
        }
    }

    /// Replaces every element `x_i` with `combine(x_i, y_i)`, where `y` has
    /// the same number of elements.
    @inlinable
    public mutating func apply<Other: ScalarBuffer>(
        _ other: Other, _ combine: (Scalar, Scalar) -> Scalar
    ) where Other.Scalar == Scalar {
        require(
            count == other.count,
            "apply: the buffer has \(count) elements but the other has \(other.count)")
        other.withUnsafeScalars { y in
            withUnsafeMutableScalars { x in
                for i in x.indices { x[i] = combine(x[i], y[i]) }
            }
        }
    }

    /// Sets every element to `value`.
    @inlinable
    public mutating func fill(with value: Scalar) {
        withUnsafeMutableScalars { $0.update(repeating: value) }
    }
}

extension Matrix {
    /// A new matrix of the same shape with `transform` applied to each
    /// element.
    @inlinable
    public func map(_ transform: (Scalar) -> Scalar) -> Matrix {
        var result = self
        result.apply(transform)
        return result
    }
}
