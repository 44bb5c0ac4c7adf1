import Tensor

extension Sequential {
    /// The loss of a batch and its gradient with respect to every parameter,
    /// written into ``gradient``: one forward pass, the loss, and one
    /// backward pass (backpropagation, lecture 2), plus the regularization
    /// penalty.
    ///
    /// - Parameters:
    ///   - x: the batch, `batch x inputs`, one sample per row (a
    ///     ``Tensor/MatrixSlice`` of the training set costs no copy).
    ///   - targets: labels or target rows, one per sample.
    ///   - sampleWeights: optional non-negative weight per sample.
    ///   - mode: `.training` applies dropout and noise; `.inference` gives
    ///     the deterministic loss (gradient checking uses it).
    /// - Returns: the (weighted) mean loss plus the penalty.
    /// - Throws: ``NetworkError`` for labels out of range or bad weights.
    @inlinable
    public mutating func lossAndGradient(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, mode: Mode = .training
    ) throws(NetworkError) -> Scalar {
        try pass(x, targets, sampleWeights: sampleWeights, mode: mode, backward: true)
    }

    /// The loss of a batch without its gradient (for validation, line
    /// searches and gradient checks). `.inference` by default.
    @inlinable
    public mutating func loss(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, mode: Mode = .inference
    ) throws(NetworkError) -> Scalar {
        try pass(x, targets, sampleWeights: sampleWeights, mode: mode, backward: false)
    }

    /// The loss of a batch and its gradient at parameters held outside the
    /// model (same layout as ``parameters``), with the gradient written into
    /// `gradient`: how an optimizer that owns the parameter vector (L-BFGS,
    /// a line search) evaluates the network without copying it in and out.
    @inlinable
    public mutating func lossAndGradient(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        at parameters: some ScalarBuffer<Scalar>, gradient: inout some MutableScalarBuffer<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, mode: Mode = .training
    ) throws(NetworkError) -> Scalar {
        precondition(
            parameters.count == parameterCount && gradient.count == parameterCount,
            "Sequential: the model has \(parameterCount) parameters; got \(parameters.count) parameters and a gradient of \(gradient.count)"
        )
        try check(x, targets, sampleWeights)
        return parameters.withUnsafeScalars { p in
            gradient.withUnsafeMutableScalars { g in
                pass(x, targets, sampleWeights, mode, parameters: p, gradient: g, backward: true)
            }
        }
    }

    /// The loss of a batch at parameters held outside the model.
    @inlinable
    public mutating func loss(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        at parameters: some ScalarBuffer<Scalar>, sampleWeights: ArraySlice<Scalar>? = nil,
        mode: Mode = .inference
    ) throws(NetworkError) -> Scalar {
        precondition(
            parameters.count == parameterCount,
            "Sequential: the model has \(parameterCount) parameters; got \(parameters.count)")
        try check(x, targets, sampleWeights)
        var scratch = borrowGradient()
        defer { swap(&scratch, &gradientStorage) }
        return parameters.withUnsafeScalars { p in
            scratch.withUnsafeMutableBufferPointer { g in
                pass(x, targets, sampleWeights, mode, parameters: p, gradient: g, backward: false)
            }
        }
    }

    /// The forward pass and the loss on the model's own buffers.
    @inlinable
    mutating func pass(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>?, mode: Mode, backward: Bool
    ) throws(NetworkError) -> Scalar {
        try check(x, targets, sampleWeights)
        let parameters = self.parameters
        var gradient = borrowGradient()
        defer { swap(&gradient, &gradientStorage) }
        return parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                pass(x, targets, sampleWeights, mode, parameters: p, gradient: g, backward: backward)
            }
        }
    }

    /// Moves the gradient buffer out of the model (the caller swaps it
    /// back): the pass writes it while it also updates the model's
    /// generator, and two borrows of `self` cannot overlap. A move, not a
    /// copy: the buffer stays uniquely referenced.
    @inlinable
    mutating func borrowGradient() -> [Scalar] {
        var gradient: [Scalar] = []
        swap(&gradient, &gradientStorage)
        return gradient
    }

    /// Checks shapes (stopping) and data (throwing), and sizes the workspace.
    @inlinable
    mutating func check(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        _ sampleWeights: ArraySlice<Scalar>?
    ) throws(NetworkError) {
        precondition(
            x.columns == inputs,
            "Sequential: the model takes \(inputs) inputs but the batch is \(x.shapeDescription)")
        try loss.validate(targets, batch: x.rows, outputs: outputs, sampleWeights: sampleWeights)
        prepareWorkspace(batch: x.rows)
    }

    /// The forward pass and the loss, then, if `backward`, backpropagation
    /// into `gradient`; the regularization penalty either way.
    @inlinable
    mutating func pass(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        _ sampleWeights: ArraySlice<Scalar>?, _ mode: Mode,
        parameters p: UnsafeBufferPointer<Scalar>, gradient g: UnsafeMutableBufferPointer<Scalar>,
        backward: Bool
    ) -> Scalar {
        let batch = x.rows
        let (workspace, loss, regularization) = (self.workspace, self.loss, self.regularization)
        workspace.lastBatch = batch
        let (layers, denseLayers) = (self.layers, self.denseLayers)
        var generator = self.generator
        defer { self.generator = generator }
        return x.withUnsafeScalars { xBuffer in
            let input = MatrixView(readOnly: xBuffer, rows: batch, columns: inputs)
            let last = layers.count - 1
            Self.forward(
                input, layers: layers, dense: denseLayers, parameters: p, workspace: workspace,
                mode: mode, generator: &generator)
            let value = loss.evaluateValidated(
                output: workspace.output(last, batch: batch), targets: targets,
                sampleWeights: sampleWeights,
                gradient: backward ? workspace.gradient(last, batch: batch) : nil)
            guard backward else {
                return value + regularization.penalty(parameters: p, dense: denseLayers)
            }
            Self.backward(
                input, layers: layers, dense: denseLayers, parameters: p, gradient: g,
                workspace: workspace, mode: mode)
            return value + regularization.addGradient(parameters: p, gradient: g, dense: denseLayers)
        }
    }

    /// Makes the workspace hold `batch` rows and belong to this model alone
    /// (a copied model shares it until then).
    @inlinable
    mutating func prepareWorkspace(batch: Int) {
        precondition(
            parameters.count == gradient.count,
            "Sequential: parameters has \(parameters.count) elements but the model has \(gradient.count)")
        if batch > workspace.capacity || !isKnownUniquelyReferenced(&workspace) {
            workspace = Workspace(
                widths: widths, dropsOut: workspace.masks.map { $0 != nil },
                capacity: Swift.max(batch, workspace.capacity))
        }
    }

    /// Runs every layer on `input`, each writing its own output buffer.
    @inlinable
    static func forward(
        _ input: MatrixView<Scalar>, layers: [Layer], dense: [Dense?],
        parameters: UnsafeBufferPointer<Scalar>, workspace: Workspace<Scalar>, mode: Mode,
        generator: inout Xoshiro256StarStar
    ) {
        let batch = input.rows
        var current = input
        for (index, layer) in layers.enumerated() {
            var output = workspace.output(index, batch: batch)
            switch layer {
            case .dense:
                dense[index]!.forward(current, parameters: parameters, into: output)
            case .activation(let activation):
                BLAS.copy(current, &output)
                activation.apply(to: output)
            case .dropout(let rate):
                if mode == .training {
                    Dropout.forward(
                        current, rate: rate, into: output, mask: workspace.mask(index, batch: batch),
                        using: &generator)
                } else {
                    BLAS.copy(current, &output)
                }
            case .gaussianNoise(let deviation):
                if mode == .training {
                    GaussianNoise.forward(
                        current, standardDeviation: deviation, into: output, using: &generator)
                } else {
                    BLAS.copy(current, &output)
                }
            }
            current = output
        }
    }

    /// Backpropagates the gradient in the last layer's gradient buffer down
    /// to the first layer, writing the parameter gradients into `gradient`.
    @inlinable
    static func backward(
        _ input: MatrixView<Scalar>, layers: [Layer], dense: [Dense?],
        parameters: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>,
        workspace: Workspace<Scalar>, mode: Mode
    ) {
        let batch = input.rows
        for index in layers.indices.reversed() {
            let dA = workspace.gradient(index, batch: batch)
            // No gradient with respect to the data itself.
            let dX = index > 0 ? workspace.gradient(index - 1, batch: batch) : nil
            let x = index > 0 ? workspace.output(index - 1, batch: batch) : input
            switch layers[index] {
            case .dense:
                dense[index]!.backward(
                    input: x, output: workspace.output(index, batch: batch), outputGradient: dA,
                    parameters: parameters, gradient: gradient, inputGradient: dX)
            case .activation(let activation):
                guard var dX else { continue }
                BLAS.copy(dA, &dX)
                activation.backpropagate(output: workspace.output(index, batch: batch), gradient: dX)
            case .dropout:
                guard var dX else { continue }
                if mode == .training {
                    Dropout.backward(dA, mask: workspace.mask(index, batch: batch), into: dX)
                } else {
                    BLAS.copy(dA, &dX)
                }
            case .gaussianNoise:
                guard var dX else { continue }
                BLAS.copy(dA, &dX)
            }
        }
    }
}
