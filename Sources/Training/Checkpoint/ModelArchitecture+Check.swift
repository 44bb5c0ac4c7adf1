import Network

extension ModelArchitecture {
    /// The widest layer a file may declare: far beyond any model this
    /// package trains on a CPU, and small enough that a corrupt width is
    /// refused before anything is allocated.
    static var widthLimit: Int { 1 << 24 }

    /// The dense layers' weights and biases, `sum (in * out + out)`, or nil
    /// when a count overflows.
    var parameterCount: Int? {
        var width = inputs
        var total = 0
        for layer in layers {
            guard case .dense(let outputs, _) = layer else { continue }
            let (weights, o1) = width.multipliedReportingOverflow(by: outputs)
            let (layerTotal, o2) = weights.addingReportingOverflow(outputs)
            let (sum, o3) = total.addingReportingOverflow(layerTotal)
            guard !o1, !o2, !o3 else { return nil }
            (total, width) = (sum, outputs)
        }
        return total
    }

    /// The first problem with the architecture a file declares, in words,
    /// or nil: positive widths within ``widthLimit``, at least one dense
    /// layer, dropout rates in [0, 1), finite non-negative noise, and
    /// exactly as many parameters as the file's `layers.*` tensors hold
    /// (`storedParameters`; nil skips that test). Checked before the model
    /// is built, so that no declared size is ever allocated unchecked.
    func problem(storedParameters: Int?) -> String? {
        guard (1...Self.widthLimit).contains(inputs) else {
            return "the architecture's inputs (\(inputs)) must be in 1...\(Self.widthLimit)"
        }
        var denseCount = 0
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .dense(let outputs, _):
                guard (1...Self.widthLimit).contains(outputs) else {
                    return "layer \(index) has \(outputs) outputs; a width must be in 1...\(Self.widthLimit)"
                }
                denseCount += 1
            case .dropout(let rate):
                guard rate >= 0 && rate < 1 else {
                    return "layer \(index) has a dropout rate of \(rate); it must be in [0, 1)"
                }
            case .gaussianNoise(let deviation):
                guard deviation >= 0 && deviation.isFinite else {
                    return "layer \(index) has a noise deviation of \(deviation); it must be finite and at least 0"
                }
            case .activation:
                break
            }
        }
        guard denseCount > 0 else { return "the architecture has no dense layer" }
        guard let storedParameters else { return nil }
        guard let parameterCount, parameterCount == storedParameters else {
            return "the architecture needs \(parameterCount.map(String.init) ?? "too many") parameters but the layer tensors hold \(storedParameters)"
        }
        return nil
    }
}
