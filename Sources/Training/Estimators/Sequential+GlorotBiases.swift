import Network
import Tensor

extension Sequential {
    /// Draws every dense layer's biases from the weights' Glorot range,
    /// `U(-r, r)` with `r = sqrt(6 / (fanIn + fanOut))`, layer by layer,
    /// as scikit-learn's MLP starts its intercepts (`_init_coef` in
    /// `sklearn/neural_network/_multilayer_perceptron.py`; Glorot & Bengio,
    /// AISTATS 2010), where the package's layers start them at zero.
    mutating func drawGlorotBiases(using generator: inout some RandomNumberGenerator) {
        for case let layer? in denseLayers {
            Initializer.xavierUniform.fill(
                &parameters[layer.biasRange], fanIn: layer.inputs, fanOut: layer.outputs,
                using: &generator)
        }
    }
}
