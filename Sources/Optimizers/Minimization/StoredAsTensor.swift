import Foundation
import Tensor

/// Marks a property of a minimizer's state that a checkpoint stores as a
/// tensor: a vector of `n` parameters, the `m x n` pairs of L-BFGS, BFGS's
/// `n x n` matrix.
///
/// With plain `Codable` (no ``TensorStash`` in the coder's `userInfo`) the
/// value is coded as itself, so a state round-trips through any encoder.
/// When the encoder's `userInfo[.tensorStash]` holds a ``TensorStash`` of
/// the value's scalar type, the value goes into the stash under its coding
/// path (`memory.steps`) and only that name is coded: the JSON stays small
/// and the numbers stay binary and exact. Decoding reads them back from a
/// stash the same way.
@propertyWrapper
public struct StoredAsTensor<Value: TensorValue>: Codable, Sendable {
    /// The value.
    public var wrappedValue: Value

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    /// Codes the value, or its name when the encoder carries a stash.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let stash = encoder.userInfo[.tensorStash] as? TensorStash<Value.TensorScalar>
        else { return try container.encode(wrappedValue) }
        let name = TensorStash<Value.TensorScalar>.name(of: encoder.codingPath)
        var scalars: [Value.TensorScalar] = []
        wrappedValue.appendScalars(to: &scalars)
        let shape = wrappedValue.tensorShape
        guard shape.reduce(1, *) == scalars.count else {
            throw EncodingError.invalidValue(
                wrappedValue,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "\(name): its rows are not equally long"))
        }
        stash.tensors[name] = (scalars, shape)
        try container.encode(name)
    }

    /// Decodes the value, or finds it in the decoder's stash by name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let stash = decoder.userInfo[.tensorStash] as? TensorStash<Value.TensorScalar>
        else {
            wrappedValue = try container.decode(Value.self)
            return
        }
        let name = try container.decode(String.self)
        guard let (scalars, shape) = stash.tensors[name] else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "the tensor '\(name)' is missing")
        }
        guard let value = Value(scalars: scalars[...], shape: shape[...]) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "the tensor '\(name)' of shape \(shape) and \(scalars.count) values is not a \(Value.self)"
            )
        }
        wrappedValue = value
    }
}

/// Where ``StoredAsTensor`` values go when a state is encoded for a
/// checkpoint, and come from when it is decoded: tensors by the coding path
/// of the property that holds them.
///
/// ```swift
/// let stash = TensorStash<Float>()
/// let encoder = JSONEncoder()
/// encoder.userInfo[.tensorStash] = stash
/// let header = try encoder.encode(state)  // stash.tensors: "point", "memory.steps", ...
/// ```
public final class TensorStash<Scalar: BLASScalar>: @unchecked Sendable {
    /// The tensors by name: their row-major elements and their shape.
    public var tensors: [String: (scalars: [Scalar], shape: [Int])]

    /// A stash holding `tensors` (none by default).
    public init(tensors: [String: (scalars: [Scalar], shape: [Int])] = [:]) {
        self.tensors = tensors
    }

    /// The name of the value at `path`: its keys joined by dots.
    static func name(of path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

extension CodingUserInfoKey {
    /// The key of a ``TensorStash`` in an encoder's or decoder's `userInfo`.
    public static let tensorStash = CodingUserInfoKey(rawValue: "perceptron.tensorStash")!
}
