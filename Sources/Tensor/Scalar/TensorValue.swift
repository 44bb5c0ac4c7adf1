/// A value a minimizer's state can hand to a checkpoint as one tensor (a
/// flat list of scalars and a shape) instead of as JSON: a scalar, a vector,
/// a list of equally long vectors, or a matrix.
///
/// Arrays conform whenever their elements do, so `[Scalar]` is a tensor of
/// rank 1 and `[[Scalar]]` (whose rows must be equally long) of rank 2.
public protocol TensorValue: Codable, Sendable {
    /// The scalar type of the elements.
    associatedtype TensorScalar: BLASScalar
    /// The extent of each dimension, outermost first (empty for a scalar).
    var tensorShape: [Int] { get }
    /// Appends the elements, in row-major order, to `scalars`.
    func appendScalars(to scalars: inout [TensorScalar])
    /// The value of shape `shape` whose row-major elements are `scalars`;
    /// `nil` when their counts do not match.
    init?(scalars: ArraySlice<TensorScalar>, shape: ArraySlice<Int>)
}

extension TensorValue where Self: BLASScalar, TensorScalar == Self {
    /// A scalar: rank 0.
    public var tensorShape: [Int] { [] }
    /// Appends the scalar itself.
    public func appendScalars(to scalars: inout [Self]) { scalars.append(self) }
    /// The one scalar of a rank-0 tensor.
    public init?(scalars: ArraySlice<Self>, shape: ArraySlice<Int>) {
        guard shape.isEmpty, scalars.count == 1 else { return nil }
        self = scalars.first!
    }
}

extension Float: TensorValue { public typealias TensorScalar = Float }
extension Double: TensorValue { public typealias TensorScalar = Double }

extension Array: TensorValue where Element: TensorValue {
    public typealias TensorScalar = Element.TensorScalar

    /// `[count]` followed by the elements' shape (the first element's; an
    /// empty array has the shape `[0]`).
    public var tensorShape: [Int] { [count] + (first?.tensorShape ?? []) }

    public func appendScalars(to scalars: inout [TensorScalar]) {
        for element in self { element.appendScalars(to: &scalars) }
    }

    public init?(scalars: ArraySlice<TensorScalar>, shape: ArraySlice<Int>) {
        guard let count = shape.first, count >= 0 else { return nil }
        if count == 0 {
            guard scalars.isEmpty else { return nil }
            self = []
            return
        }
        // Each element holds at least one scalar: a shape such as
        // `[1 << 60, 0]` would otherwise build a huge list of empty rows.
        guard count <= scalars.count, scalars.count % count == 0 else { return nil }
        let size = scalars.count / count
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            let start = scalars.startIndex + index * size
            guard
                let element = Element(
                    scalars: scalars[start..<start + size], shape: shape.dropFirst())
            else { return nil }
            elements.append(element)
        }
        self = elements
    }
}

extension Matrix: TensorValue {
    public typealias TensorScalar = Scalar

    /// `[rows, columns]`.
    public var tensorShape: [Int] { [rows, columns] }

    public func appendScalars(to scalars: inout [Scalar]) { scalars += elements }

    public init?(scalars: ArraySlice<Scalar>, shape: ArraySlice<Int>) {
        guard shape.count == 2, let rows = shape.first, let columns = shape.last,
            rows >= 0, columns >= 0,
            rows.multipliedReportingOverflow(by: columns).partialValue
                == scalars.count
        else { return nil }
        self.init(rows: rows, columns: columns, elements: Array(scalars))
    }
}
