// The umbrella module: `import Perceptron` brings in every part of the
// library. The dataset module joins it here when it lands.
@_exported import Tensor
@_exported import Network
@_exported import Optimizers
