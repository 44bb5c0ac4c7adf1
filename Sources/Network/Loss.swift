import RealModule
import Tensor

/// The loss `L` of a batch: the weighted mean of per-sample losses,
/// `L = sum_i w_i l_i / sum_i w_i` (`w_i = 1` without sample weights, which
/// gives the plain mean).
///
/// The cross-entropies take the network's raw outputs (logits) and apply
/// the sigmoid or softmax themselves, so that both the value and the
/// gradient `o - y` stay exact for logits of any size.
public enum Loss: String, Hashable, Sendable, Codable, CaseIterable {
    /// `l_i = ||o_i - y_i||^2`, gradient `2 (o_i - y_i)`; for one output the
    /// familiar mean squared error `1/n sum (y - yhat)^2`.
    case meanSquaredError = "mse"
    /// `l_i = ||o_i - y_i||_1`, gradient `sign(o_i - y_i)` (0 at a tie).
    case meanAbsoluteError = "l1"
    /// Binary cross-entropy of `sigma(z)` against `y` in `[0, 1]` per output,
    /// from the logit `z`: `l = max(z, 0) - z y + log(1 + e^-|z|)`, which
    /// equals `-y log sigma(z) - (1 - y) log(1 - sigma(z))` without
    /// overflow; gradient `sigma(z) - y`.
    case binaryCrossEntropy = "binary-cross-entropy"
    /// Categorical cross-entropy of `softmax(z)` fused with the softmax:
    /// `l = logsumexp(z) sum_j y_j - sum_j y_j z_j` (for a one-hot `y`,
    /// `logsumexp(z) - z_label`), gradient `softmax(z) - y`, the `o - y` of a
    /// softmax output unit under cross-entropy (Goodfellow, Bengio and
    /// Courville, *Deep Learning*, MIT Press 2016, section 6.2.2.3).
    case softmaxCrossEntropy = "cross-entropy"

    /// The output-layer activation that turns logits into predictions for
    /// this loss: softmax probabilities, sigmoid probabilities, or the
    /// outputs themselves.
    public var outputActivation: Activation {
        switch self {
        case .meanSquaredError, .meanAbsoluteError: .identity
        case .binaryCrossEntropy: .sigmoid
        case .softmaxCrossEntropy: .softmax
        }
    }

    /// The loss of a batch of outputs `o` (`batch x outputs`) against
    /// `targets`, and, when `gradient` is given, `dL/do` written into it.
    ///
    /// - Throws: ``NetworkError/labelOutOfRange(label:sample:classes:)`` and
    ///   ``NetworkError/invalidSampleWeights(_:)``.
    @inlinable
    public func evaluate<Scalar: BLASScalar>(
        output o: MatrixView<Scalar>, targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, gradient: MatrixView<Scalar>?
    ) throws(NetworkError) -> Scalar {
        try validate(targets, batch: o.rows, outputs: o.columns, sampleWeights: sampleWeights)
        return evaluateValidated(
            output: o, targets: targets, sampleWeights: sampleWeights, gradient: gradient)
    }

    /// Checks what comes from data before any arithmetic: labels in range
    /// and usable sample weights. Shape mismatches stop.
    @inlinable
    public func validate<Scalar: BLASScalar>(
        _ targets: Targets<Scalar>, batch: Int, outputs: Int, sampleWeights: ArraySlice<Scalar>?
    ) throws(NetworkError) {
        require(
            targets.count == batch,
            "\(rawValue): the output has \(batch) rows but there are \(targets.count) targets")
        switch targets.storage {
        case .labels(let labels):
            let classes = labelIsValue(outputs: outputs) ? 2 : outputs
            for (sample, label) in labels.enumerated() where label < 0 || label >= classes {
                throw .labelOutOfRange(label: label, sample: sample, classes: classes)
            }
        case .values(let values):
            require(
                values.columns == outputs,
                "\(rawValue): the output is \(batch)x\(outputs) but the targets are \(values.shapeDescription)"
            )
        }
        _ = try Self.totalWeight(sampleWeights, batch: batch)
    }

    /// A single binary output takes a label itself as its target; otherwise
    /// a label stands for a one-hot row.
    @inlinable
    func labelIsValue(outputs: Int) -> Bool { self == .binaryCrossEntropy && outputs == 1 }

    /// ``evaluate(output:targets:sampleWeights:gradient:)`` for targets that
    /// passed ``validate(_:batch:outputs:sampleWeights:)``.
    @inlinable
    func evaluateValidated<Scalar: BLASScalar>(
        output o: MatrixView<Scalar>, targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>?, gradient: MatrixView<Scalar>?
    ) -> Scalar {
        let batch = o.rows
        let outputs = o.columns
        if let gradient {
            require(
                gradient.rows == batch && gradient.columns == outputs,
                "\(rawValue): the output is \(o.shapeDescription) but the gradient is \(gradient.shapeDescription)"
            )
        }
        let totalWeight = (try? Self.totalWeight(sampleWeights, batch: batch)) ?? Scalar(batch)
        func weight(_ i: Int) -> Scalar {
            (sampleWeights.map { $0[$0.startIndex + i] } ?? 1) / totalWeight
        }
        if self == .softmaxCrossEntropy {
            switch targets.storage {
            case .labels(let labels):
                return Self.softmaxCrossEntropy(logits: o, weight: weight, gradient: gradient) {
                    .label(labels[labels.startIndex + $0])
                }
            case .values(let values):
                return values.withUnsafeScalars { y in
                    Self.softmaxCrossEntropy(logits: o, weight: weight, gradient: gradient) {
                        .values(y.baseAddress! + $0 * outputs)
                    }
                }
            }
        }
        // The weighted sum over samples, given y_ij.
        func accumulate(_ y: (_ sample: Int, _ output: Int) -> Scalar) -> Scalar {
            var loss: Scalar = 0
            for i in 0..<batch {
                let weight = weight(i)
                loss +=
                    weight
                    * sampleLoss(
                        o.baseAddress + i * outputs, outputs, { y(i, $0) },
                        gradient: gradient.map { $0.baseAddress + i * outputs }, scale: weight)
            }
            return loss
        }
        switch targets.storage {
        case .labels(let labels):
            let labelIsValue = labelIsValue(outputs: outputs)
            let start = labels.startIndex
            return accumulate { i, j in
                let label = labels[start + i]
                return labelIsValue ? Scalar(label) : (j == label ? 1 : 0)
            }
        case .values(let values):
            return values.withUnsafeScalars { y in accumulate { i, j in y[i * outputs + j] } }
        }
    }

    /// One sample's loss `l_i`; when `gradient` is given, writes
    /// `scale * dl_i/do` into it.
    @inlinable
    func sampleLoss<Scalar: BLASScalar>(
        _ z: UnsafeMutablePointer<Scalar>, _ outputs: Int, _ y: (Int) -> Scalar,
        gradient: UnsafeMutablePointer<Scalar>?, scale: Scalar
    ) -> Scalar {
        var loss: Scalar = 0
        switch self {
        case .meanSquaredError:
            for j in 0..<outputs {
                let difference = z[j] - y(j)
                loss += difference * difference
                gradient?[j] = scale * 2 * difference
            }
        case .meanAbsoluteError:
            for j in 0..<outputs {
                let difference = z[j] - y(j)
                loss += Swift.abs(difference)
                gradient?[j] = scale * (difference > 0 ? 1 : (difference < 0 ? -1 : 0))
            }
        case .binaryCrossEntropy:
            for j in 0..<outputs {
                let (logit, target) = (z[j], y(j))
                loss +=
                    Swift.max(logit, 0) - logit * target
                    + Scalar.log(onePlus: Scalar.exp(-Swift.abs(logit)))
                gradient?[j] = scale * (logistic(logit) - target)
            }
        case .softmaxCrossEntropy:
            fatalError("softmax cross-entropy is evaluated a batch at a time")
        }
        return loss
    }

    /// `sum_i w_i`, or the batch size without weights.
    @inlinable
    static func totalWeight<Scalar: BLASScalar>(_ weights: ArraySlice<Scalar>?, batch: Int)
        throws(NetworkError) -> Scalar
    {
        guard let weights else { return Scalar(batch) }
        guard weights.count == batch else {
            throw .invalidSampleWeights("\(weights.count) weights for a batch of \(batch)")
        }
        var total: Scalar = 0
        for weight in weights {
            guard weight >= 0, weight.isFinite else {
                throw .invalidSampleWeights("weight \(weight) is negative or not finite")
            }
            total += weight
        }
        guard total > 0 else { throw .invalidSampleWeights("the weights sum to zero") }
        return total
    }
}
