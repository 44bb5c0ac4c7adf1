// The umbrella module: `import Perceptron` brings in every part of the
// library. For now that is the numeric core; the network, optimizer and
// dataset modules join it here as they land.
@_exported import Tensor
