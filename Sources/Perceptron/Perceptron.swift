// The umbrella module: `import Perceptron` brings in every part of the
// library (docs/ARCHITECTURE.md): the numeric core, networks, optimizers and datasets,
// plus the training glue defined here.
@_exported import Datasets
@_exported import Network
@_exported import Optimizers
@_exported import Tensor
