// The umbrella module: `import Perceptron` brings in every part of the
// library. The optimizer and dataset modules join it here as they land.
@_exported import Tensor
@_exported import Network
