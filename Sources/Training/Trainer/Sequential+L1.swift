import Network

extension Sequential {
    /// The parameters the L1 penalty covers, as ranges of
    /// `Sequential.parameters`: each dense layer's weights, and its
    /// biases when `Regularization.includesBiases` is set. OWL-QN
    /// (`OWLQN`) penalizes exactly these.
    var l1PenalizedRanges: [Range<Int>] {
        denseLayers.compactMap { $0 }.flatMap { dense in
            regularization.includesBiases ? [dense.weightRange, dense.biasRange] : [dense.weightRange]
        }
    }

    /// The model without its L1 penalty: the smooth part OWL-QN
    /// differentiates, the penalty being added by the minimizer itself.
    var withoutL1: Sequential {
        var model = self
        model.regularization.l1 = 0
        return model
    }
}
