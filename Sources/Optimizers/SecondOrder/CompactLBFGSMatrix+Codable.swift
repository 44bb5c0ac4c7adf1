import Foundation
import Tensor

extension CompactLBFGSMatrix: Codable {
    @usableFromInline
    enum CodingKeys: String, CodingKey {
        case steps, gradientChanges, stepProducts, crossProducts, theta, oldest, count
    }

    /// Decodes the pairs and their products and refactors `K` from them:
    /// the same arithmetic on the same numbers as after the last
    /// ``append(step:gradientChange:)``, so the factors are the same to the
    /// bit. Memory that is inconsistent in itself (ragged pairs, products of
    /// the wrong size, a ring position out of range, a singular `K`) is
    /// refused here, before any of it is indexed.
    @usableFromInline
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let steps = try container.decode(StoredAsTensor<[[Scalar]]>.self, forKey: .steps)
        self.init(parameterCount: 0, historySize: steps.wrappedValue.count)
        self.steps = steps.wrappedValue
        gradientChanges = try container.decode(
            StoredAsTensor<[[Scalar]]>.self, forKey: .gradientChanges
        ).wrappedValue
        stepProducts = try container.decode(StoredAsTensor<[Scalar]>.self, forKey: .stepProducts)
            .wrappedValue
        crossProducts = try container.decode(
            StoredAsTensor<[Scalar]>.self, forKey: .crossProducts
        ).wrappedValue
        theta = try container.decode(Scalar.self, forKey: .theta)
        oldest = try container.decode(Int.self, forKey: .oldest)
        count = try container.decode(Int.self, forKey: .count)
        if let problem = inconsistency {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container, debugDescription: problem)
        }
        writeMiddleInverse(into: &middle)
        guard middle.factor() else {
            throw DecodingError.dataCorruptedError(
                forKey: .stepProducts, in: container,
                debugDescription: "the compact L-BFGS middle matrix is singular")
        }
    }

    @usableFromInline
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(StoredAsTensor(wrappedValue: steps), forKey: .steps)
        try container.encode(
            StoredAsTensor(wrappedValue: gradientChanges), forKey: .gradientChanges)
        try container.encode(StoredAsTensor(wrappedValue: stepProducts), forKey: .stepProducts)
        try container.encode(StoredAsTensor(wrappedValue: crossProducts), forKey: .crossProducts)
        try container.encode(theta, forKey: .theta)
        try container.encode(oldest, forKey: .oldest)
        try container.encode(count, forKey: .count)
    }

    /// What makes the matrix unusable whatever the number of parameters, or
    /// `nil`.
    var inconsistency: String? {
        let m = capacity
        guard m > 0, steps.count == m, gradientChanges.count == m else {
            return
                "the compact L-BFGS matrix has \(steps.count) steps and \(gradientChanges.count) gradient changes"
        }
        guard stepProducts.count == m * m, crossProducts.count == m * m else {
            return
                "the compact L-BFGS products have \(stepProducts.count) and \(crossProducts.count) values for \(m) pairs"
        }
        guard (0...m).contains(count), (0..<m).contains(oldest) else {
            return "the compact L-BFGS matrix holds \(count) pairs from slot \(oldest) of \(m)"
        }
        guard theta.isFinite, theta > 0 else { return "theta \(theta) is not positive" }
        return nil
    }

    /// Why the matrix cannot belong to a run on `n` parameters, or `nil`.
    func problem(parameterCount n: Int) -> String? {
        if let inconsistency { return inconsistency }
        guard steps.allSatisfy({ $0.count == n }), gradientChanges.allSatisfy({ $0.count == n })
        else { return "a compact L-BFGS pair does not have \(n) values" }
        return nil
    }
}
