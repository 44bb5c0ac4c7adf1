import RealModule
import Tensor

/// Summary statistics of a set of values: what histograms of hidden-layer
/// activations show (as in the deep-network experiments of Glorot and
/// Bengio, AISTATS 2010), as numbers.
public struct ValueStatistics: Sendable, Equatable {
    /// The mean.
    public var mean: Double
    /// The (population) standard deviation.
    public var standardDeviation: Double
    /// The smallest value.
    public var minimum: Double
    /// The largest value.
    public var maximum: Double
    /// Counts in equal-width bins spanning `histogramRange`.
    public var histogram: [Int]
    /// The span of the histogram's bins.
    public var histogramRange: ClosedRange<Double>

    /// The statistics of `values`, with `bins` histogram bins over `range`
    /// (by default from the minimum to the maximum; values outside a given
    /// range go to the first or last bin).
    public init<Scalar: BLASScalar>(
        _ values: UnsafeBufferPointer<Scalar>, bins: Int = 20, range: ClosedRange<Double>? = nil
    ) {
        require(bins > 0, "ValueStatistics: \(bins) bins")
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        for value in values {
            let x = Double(value)
            sum += x
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
        }
        let count = Double(Swift.max(values.count, 1))
        let mean = sum / count
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        let span = range ?? (values.isEmpty ? 0...0 : minimum...maximum)
        var histogram = [Int](repeating: 0, count: bins)
        let width = (span.upperBound - span.lowerBound) / Double(bins)
        for value in values {
            let position = width > 0 ? (Double(value) - span.lowerBound) / width : 0
            histogram[Swift.min(bins - 1, Swift.max(0, Int(position)))] += 1
        }
        self.mean = mean
        self.standardDeviation = variance.squareRoot()
        self.minimum = minimum
        self.maximum = maximum
        self.histogram = histogram
        self.histogramRange = span
    }

    /// The fraction of values in the histogram bins that lie entirely at or
    /// beyond `+-threshold`: for tanh with 20 bins over `[-1, 1]`,
    /// `fractionBeyond(0.9)` is the share of saturated units (derivative
    /// below 0.2).
    public func fractionBeyond(_ threshold: Double) -> Double {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return 0 }
        let width = (histogramRange.upperBound - histogramRange.lowerBound) / Double(histogram.count)
        var outside = 0
        for (bin, count) in histogram.enumerated() {
            let low = histogramRange.lowerBound + Double(bin) * width
            if low >= threshold || low + width <= -threshold { outside += count }
        }
        return Double(outside) / Double(total)
    }
}

/// What one layer's activations and gradients look like on a batch: the
/// symptoms of vanishing gradients (deviations shrinking towards 0 layer by
/// layer) and of saturation (activations piled at +-1).
public struct LayerDiagnostics: Sendable {
    /// The layer's index in the model.
    public var layer: Int
    /// The layer's description, e.g. `dense 256 tanh`.
    public var name: String
    /// The layer's outputs `A`.
    public var activations: ValueStatistics
    /// The gradient flowing into the layer's output after backpropagation:
    /// `dZ` (with respect to the pre-activation) for dense layers, which
    /// backpropagate in place, `dA` for the others.
    public var gradients: ValueStatistics
    /// `dL/dW` for dense layers.
    public var weightGradients: ValueStatistics?
}

extension Sequential {
    /// Per-layer statistics of activations and gradients for one batch:
    /// runs a forward and backward pass (``lossAndGradient(_:_:sampleWeights:mode:)``
    /// in `mode`, inference by default) and summarizes every layer's buffers.
    ///
    /// - Parameters:
    ///   - x: the batch, one sample per row.
    ///   - targets: labels or target rows, one per sample.
    ///   - bins: the number of histogram bins; activation histograms
    ///     span `[-1, 1]` when every layer is bounded that way, else the data.
    ///   - mode: `.training` (dropout and noise on) or `.inference`.
    public mutating func diagnostics(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>, bins: Int = 20,
        mode: Mode = .inference
    ) throws(NetworkError) -> [LayerDiagnostics] {
        _ = try lossAndGradient(x, targets, mode: mode)
        let batch = x.rows
        var result: [LayerDiagnostics] = []
        for (index, layer) in layers.enumerated() {
            let output = workspace.output(index, batch: batch)
            let gradient = workspace.outputGradient(index, batch: batch)
            let bounded: Bool =
                switch layer {
                case .dense(_, let activation), .activation(let activation):
                    [.tanh, .sigmoid, .hardTanh, .sign, .softmax].contains(activation)
                default: false
                }
            let weightGradients = denseLayers[index].map { dense in
                workspace.parameterGradient.withUnsafeBufferPointer {
                    ValueStatistics(UnsafeBufferPointer(rebasing: $0[dense.weightRange]), bins: bins)
                }
            }
            result.append(
                LayerDiagnostics(
                    layer: index, name: layer.name,
                    activations: output.withUnsafeScalars {
                        ValueStatistics($0, bins: bins, range: bounded ? -1...1 : nil)
                    },
                    gradients: gradient.withUnsafeScalars { ValueStatistics($0, bins: bins) },
                    weightGradients: weightGradients))
        }
        return result
    }
}
