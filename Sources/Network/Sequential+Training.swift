import Tensor

extension Sequential {
    /// The loss of a batch and its gradient with respect to every parameter,
    /// written into ``gradient``: one forward pass, the loss, and one
    /// backward pass (backpropagation; Rumelhart, Hinton and Williams,
    /// "Learning representations by back-propagating errors", Nature 1986),
    /// plus the regularization penalty.
    ///
    /// - Parameters:
    ///   - x: the batch, `batch x inputs`, one sample per row (a
    ///     `MatrixSlice` of the training set costs no copy).
    ///   - targets: labels or target rows, one per sample.
    ///   - sampleWeights: optional non-negative weight per sample.
    ///   - mode: `.training` applies dropout and noise (one seed drawn from
    ///     ``generator``; see ``BatchRandomness``); `.inference` gives the
    ///     deterministic loss (gradient checking uses it).
    /// - Returns: the (weighted) mean loss plus the penalty.
    /// - Throws: ``NetworkError`` for labels out of range or bad weights.
    @inlinable
    public mutating func lossAndGradient(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, mode: Mode = .training
    ) throws(NetworkError) -> Scalar {
        try check(x, targets, sampleWeights)
        reserveWorkspace(rows: x.rows)
        let (workspace, randomness) = (self.workspace, drawRandomness(mode))
        return parameters.withUnsafeBufferPointer { p in
            workspace.gradientStorage.withUnsafeMutableBufferPointer { g in
                forwardBackward(
                    x, targets, sampleWeights: sampleWeights, mode: mode, randomness: randomness,
                    parameters: p, gradient: g, workspace: workspace)
            }
        }
    }

    /// The loss of a batch without its gradient (for validation, line
    /// searches and gradient checks). `.inference` by default.
    @inlinable
    public mutating func loss(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>? = nil, mode: Mode = .inference
    ) throws(NetworkError) -> Scalar {
        let parameters = self.parameters  // shared, not copied
        return try loss(x, targets, at: parameters, sampleWeights: sampleWeights, mode: mode)
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
        require(
            parameters.count == parameterCount && gradient.count == parameterCount,
            "Sequential: the model has \(parameterCount) parameters; got \(parameters.count) parameters and a gradient of \(gradient.count)"
        )
        try check(x, targets, sampleWeights)
        reserveWorkspace(rows: x.rows)
        let (workspace, randomness) = (self.workspace, drawRandomness(mode))
        return parameters.withUnsafeScalars { p in
            gradient.withUnsafeMutableScalars { g in
                forwardBackward(
                    x, targets, sampleWeights: sampleWeights, mode: mode, randomness: randomness,
                    parameters: p, gradient: g, workspace: workspace)
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
        require(
            parameters.count == parameterCount,
            "Sequential: the model has \(parameterCount) parameters; got \(parameters.count)")
        try check(x, targets, sampleWeights)
        reserveWorkspace(rows: x.rows)
        let (workspace, randomness) = (self.workspace, drawRandomness(mode))
        return parameters.withUnsafeScalars { p in
            forwardBackward(
                x, targets, sampleWeights: sampleWeights, mode: mode, randomness: randomness,
                parameters: p, gradient: nil, workspace: workspace)
        }
    }

    /// Checks the batch's shape (stopping) and its targets and weights
    /// (throwing).
    @inlinable
    public func check(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        _ sampleWeights: ArraySlice<Scalar>?
    ) throws(NetworkError) {
        checkParameterCount()
        require(
            x.columns == inputs,
            "Sequential: the model takes \(inputs) inputs but the batch is \(x.shapeDescription)")
        try lossFunction.validate(
            targets, batch: x.rows, outputs: outputWidth, sampleWeights: sampleWeights)
    }

    /// Makes the model's workspace hold batches of `rows` samples and belong
    /// to this model alone: replaced by a new one (the only allocation of a
    /// pass) when the batch is larger than any before, or when a copy of the
    /// model still shares it.
    @inlinable
    public mutating func reserveWorkspace(rows: Int) {
        if rows > workspace.capacity || !isKnownUniquelyReferenced(&workspace) {
            workspace = makeWorkspace(rows: Swift.max(rows, workspace.capacity))
        }
    }

    /// The random numbers of one pass: a seed drawn from ``generator`` in
    /// training mode when a layer needs one.
    @inlinable
    mutating func drawRandomness(_ mode: Mode) -> BatchRandomness {
        BatchRandomness(seed: mode == .training && hasRandomLayers ? generator.next() : 0)
    }

    /// The forward and backward pass every other entry point runs (with
    /// ``forwardBackpropagate(_:_:sampleWeights:mode:randomness:parameters:workspace:)``,
    /// its first half for a batch split over workers): the forward pass and
    /// the loss on `x`, then, when `gradient` is given, backpropagation into
    /// it; the regularization penalty either way.
    ///
    /// It writes only `workspace` and `gradient`, and reads the model, so
    /// the workers of a data-parallel step run it on one model at once,
    /// each with a workspace of its own.
    ///
    /// - Parameters:
    ///   - x: `batch x inputs`, `batch <= workspace.capacity`; the shapes and
    ///     targets were checked (``check(_:_:_:)``).
    ///   - targets: labels or target rows, one per row of `x`.
    ///   - sampleWeights: optional non-negative weight per row of `x`.
    ///   - mode: `.training` (dropout and noise on) or `.inference`.
    ///   - randomness: where dropout and noise draw from; its `firstRow` is
    ///     the index of `x`'s first row in the whole batch.
    ///   - p: `parameters:`, the weights, in the layout of ``parameters``.
    ///   - g: `gradient:`, receives `dL/dparameters`, or nil for the loss alone.
    ///   - workspace: the layer buffers the pass writes.
    ///   - onLayerGradient: called during backpropagation with the range of
    ///     `gradient` that a dense layer has just completed (penalty
    ///     included), last layer first, and `gradient` itself: where a
    ///     distributed step starts summing that range across processes while
    ///     the layers below are still being differentiated. The range must
    ///     not be written until the pass returns.
    /// - Returns: the mean loss over `x` plus the penalty.
    @inlinable
    public func forwardBackward(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>?, mode: Mode, randomness: BatchRandomness,
        parameters p: UnsafeBufferPointer<Scalar>, gradient g: UnsafeMutableBufferPointer<Scalar>?,
        workspace: Workspace<Scalar>,
        onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)? = nil
    ) -> Scalar {
        forwardBackward(
            x, targets, sampleWeights: sampleWeights, mode: mode, randomness: randomness,
            parameters: p, backpropagates: g != nil, gradient: g, workspace: workspace,
            onLayerGradient: onLayerGradient)
    }

    /// The first half of a step whose batch is split over workers
    /// (`ShardedPass` in the Training module): the forward pass, the loss,
    /// and backpropagation through every layer, leaving each dense layer's
    /// input `X` and output gradient `dZ` in `workspace`, without forming
    /// the parameter gradient. The second half,
    /// ``formGradient(part:of:shardCount:shard:parameters:gradient:)``,
    /// forms it from every shard at once, so that no worker writes a whole
    /// gradient and none is summed afterwards.
    ///
    /// Same parameters as
    /// ``forwardBackward(_:_:sampleWeights:mode:randomness:parameters:gradient:workspace:onLayerGradient:)``.
    /// - Returns: the mean loss over `x`, without the penalty (the second
    ///   half adds it once for the whole batch).
    @inlinable
    public func forwardBackpropagate(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>?, mode: Mode, randomness: BatchRandomness,
        parameters p: UnsafeBufferPointer<Scalar>, workspace: Workspace<Scalar>
    ) -> Scalar {
        forwardBackward(
            x, targets, sampleWeights: sampleWeights, mode: mode, randomness: randomness,
            parameters: p, backpropagates: true, gradient: nil, workspace: workspace,
            onLayerGradient: nil)
    }

    /// Both public forms: with `backpropagates` and no `gradient`, the
    /// backward pass stops short of the parameter gradient and the penalty.
    @inlinable
    func forwardBackward(
        _ x: some RowMajorMatrix<Scalar>, _ targets: Targets<Scalar>,
        sampleWeights: ArraySlice<Scalar>?, mode: Mode, randomness: BatchRandomness,
        parameters p: UnsafeBufferPointer<Scalar>, backpropagates: Bool,
        gradient g: UnsafeMutableBufferPointer<Scalar>?, workspace: Workspace<Scalar>,
        onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)?
    ) -> Scalar {
        let batch = x.rows
        workspace.lastBatch = batch
        return x.withUnsafeScalars { xBuffer in
            let input = MatrixView(readOnly: xBuffer, rows: batch, columns: inputs)
            let last = layers.count - 1
            forward(input, parameters: p, workspace: workspace, mode: mode, randomness: randomness)
            let value = lossFunction.evaluateValidated(
                output: workspace.output(last, batch: batch), targets: targets,
                sampleWeights: sampleWeights,
                gradient: backpropagates ? workspace.outputGradient(last, batch: batch) : nil)
            guard backpropagates else {
                return value + regularization.penalty(parameters: p, dense: denseLayers)
            }
            return value
                + backward(
                    input, parameters: p, gradient: g, workspace: workspace, mode: mode,
                    onLayerGradient: onLayerGradient)
        }
    }

    /// Part `part` of `parts` of the parameter gradient of a batch whose
    /// `shardCount` shards were backpropagated by
    /// ``forwardBackpropagate(_:_:sampleWeights:mode:randomness:parameters:workspace:)``,
    /// penalty included, written into `gradient`; returns the penalty over
    /// that part, and whether every element of the part is finite (checked
    /// by the worker that formed it, while it is in that worker's cache; a
    /// trainer refuses a non-finite gradient before any update). `shard(k)` gives shard `k`'s input rows, its workspace and
    /// its weight `s_k = W_k / W` in the batch. For every dense layer the
    /// part is a block of rows of `W` and of entries of `b`
    /// (``Dense/formGradient(rows:columns:input:outputGradient:scale:accumulates:gradient:)``):
    ///
    /// ```
    /// dW = sum_k s_k X_k^T dZ_k          db = sum_k s_k 1^T dZ_k
    /// ```
    ///
    /// The parts are disjoint and cover the gradient, so `parts` workers
    /// form it at once; the shards are added in the order `k = 0, 1, ...`,
    /// and a shard of no rows or no weight is left out.
    @inlinable
    public func formGradient(
        part: Int, of parts: Int, shardCount: Int,
        shard: (Int) -> (input: MatrixView<Scalar>, workspace: Workspace<Scalar>, scale: Scalar),
        parameters p: UnsafeBufferPointer<Scalar>, gradient g: UnsafeMutableBufferPointer<Scalar>
    ) -> (penalty: Scalar, isFinite: Bool) {
        func block(of count: Int) -> Range<Int> {
            (part * count / parts)..<((part + 1) * count / parts)
        }
        var (penalty, isFinite): (Scalar, Bool) = (0, true)
        for case (let index, let layer?) in denseLayers.enumerated() {
            let (rows, columns) = (block(of: layer.inputs), block(of: layer.outputs))
            var accumulates = false
            for k in 0..<shardCount {
                let (input, workspace, scale) = shard(k)
                guard input.rows > 0 && scale > 0 else { continue }
                layer.formGradient(
                    rows: rows, columns: columns,
                    input: index > 0 ? workspace.output(index - 1, batch: input.rows) : input,
                    outputGradient: workspace.outputGradient(index, batch: input.rows),
                    scale: scale, accumulates: accumulates, gradient: g)
                accumulates = true
            }
            require(accumulates, "Sequential.formGradient: no shard has rows and weight")
            let (weights, biases) = (
                layer.flatRange(ofWeightRows: rows), layer.flatRange(ofBiases: columns)
            )
            penalty += regularization.addGradient(parameters: p, gradient: g, range: weights)
            if regularization.includesBiases {
                penalty += regularization.addGradient(parameters: p, gradient: g, range: biases)
            }
            isFinite =
                isFinite && UnsafeMutableBufferPointer(rebasing: g[weights]).allFinite()
                && UnsafeMutableBufferPointer(rebasing: g[biases]).allFinite()
        }
        return (penalty, isFinite)
    }

    /// Runs every layer on `input`, each writing its own output buffer.
    @inlinable
    func forward(
        _ input: MatrixView<Scalar>, parameters: UnsafeBufferPointer<Scalar>,
        workspace: Workspace<Scalar>, mode: Mode, randomness: BatchRandomness
    ) {
        let batch = input.rows
        var current = input
        for (index, layer) in layers.enumerated() {
            var output = workspace.output(index, batch: batch)
            switch layer {
            case .dense:
                denseLayers[index]!.forward(current, parameters: parameters, into: output)
            case .activation(let activation):
                BLAS.copy(current, &output)
                activation.apply(to: output)
            case .dropout(let rate):
                if mode == .training {
                    Dropout.forward(
                        current, rate: rate, into: output,
                        mask: workspace.mask(index, batch: batch),
                        randomness: randomness, layer: index)
                } else {
                    BLAS.copy(current, &output)
                }
            case .gaussianNoise(let deviation):
                if mode == .training {
                    GaussianNoise.forward(
                        current, standardDeviation: deviation, into: output,
                        randomness: randomness, layer: index)
                } else {
                    BLAS.copy(current, &output)
                }
            }
            current = output
        }
    }

    /// Backpropagates the gradient in the last layer's output-gradient
    /// buffer down to the first layer, writing the parameter gradients, the
    /// penalty's included, into `gradient`; returns the penalty. Without
    /// `gradient` it leaves each dense layer's `dZ` in the workspace and
    /// returns 0.
    @inlinable
    func backward(
        _ input: MatrixView<Scalar>, parameters: UnsafeBufferPointer<Scalar>,
        gradient: UnsafeMutableBufferPointer<Scalar>?, workspace: Workspace<Scalar>, mode: Mode,
        onLayerGradient: ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)?
    ) -> Scalar {
        let batch = input.rows
        var penalty: Scalar = 0
        for index in layers.indices.reversed() {
            let dA = workspace.outputGradient(index, batch: batch)
            // No gradient with respect to the data itself.
            let dX = index > 0 ? workspace.outputGradient(index - 1, batch: batch) : nil
            let x = index > 0 ? workspace.output(index - 1, batch: batch) : input
            switch layers[index] {
            case .dense:
                let layer = denseLayers[index]!
                let output = workspace.output(index, batch: batch)
                guard let gradient else {
                    layer.backpropagate(
                        output: output, outputGradient: dA, parameters: parameters,
                        inputGradient: dX)
                    continue
                }
                layer.backward(
                    input: x, output: output, outputGradient: dA, parameters: parameters,
                    gradient: gradient, inputGradient: dX)
                penalty += regularization.addGradient(
                    parameters: parameters, gradient: gradient, layer: layer)
                onLayerGradient?(
                    layer.weightRange.lowerBound..<layer.biasRange.upperBound, gradient)
            case .activation(let activation):
                guard var dX else { continue }
                BLAS.copy(dA, &dX)
                activation.backpropagate(
                    output: workspace.output(index, batch: batch), gradient: dX)
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
        return penalty
    }
}
