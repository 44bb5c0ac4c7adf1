// The JSON form of a configuration, as checkpoints store it: the method's
// command-line name over its options,
//
//     {"method": {"adam": {"beta1": 0.8, "clipping": {"none": {}}, "learningRate": 0.01,
//                          "schedule": {"constant": {}}}}}
//
// and, for reading only, the flat form written before the method was typed
// (OptimizerConfiguration+FlatForm.swift).

extension OptimizerConfiguration {
    private enum CodingKeys: String, CodingKey {
        /// The typed form's one key.
        case method
        /// The flat form's method name.
        case kind
    }

    /// Reads a configuration in its typed form (`{"method": {"adam": {...}}}`)
    /// or in the flat form of earlier versions (`{"kind": "adam", "beta1":
    /// 0.8, ...}`), in which every method's settings sat side by side: each
    /// method takes the settings it used, and drops the others, which it
    /// ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.kind) {
            self.init(try FlatOptimizerConfiguration(from: decoder).method)
        } else {
            self.init(try container.decode(Method.self, forKey: .method))
        }
    }

    /// Writes the typed form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
    }
}

extension OptimizerConfiguration.Method: Codable {
    /// A key named by a method's command-line name (``OptimizerConfiguration/Kind``'s
    /// raw value).
    private struct MethodName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads one method's command-line name over its options:
    /// `{"lbfgs": {"historySize": 10}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MethodName.self)
        guard container.allKeys.count == 1, let name = container.allKeys.first,
            let kind = OptimizerConfiguration.Kind(rawValue: name.stringValue)
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "expected one method by name (\(OptimizerConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", "))), found \(container.allKeys.map(\.stringValue))"
                ))
        }
        func options<Options: Decodable>(_: Options.Type) throws -> Options {
            try container.decode(Options.self, forKey: name)
        }
        switch kind {
        case .sgd: self = .sgd(try options(OptimizerConfiguration.SGDOptions.self))
        case .momentum: self = .momentum(try options(OptimizerConfiguration.MomentumOptions.self))
        case .nesterov: self = .nesterov(try options(OptimizerConfiguration.NesterovOptions.self))
        case .adagrad: self = .adagrad(try options(OptimizerConfiguration.AdaGradOptions.self))
        case .rmsprop: self = .rmsprop(try options(OptimizerConfiguration.RMSPropOptions.self))
        case .nesterovRMSProp:
            self = .nesterovRMSProp(try options(OptimizerConfiguration.NesterovRMSPropOptions.self))
        case .adadelta: self = .adadelta(try options(OptimizerConfiguration.AdadeltaOptions.self))
        case .adam: self = .adam(try options(OptimizerConfiguration.AdamOptions.self))
        case .adamW: self = .adamW(try options(OptimizerConfiguration.AdamWOptions.self))
        case .deltaBarDelta:
            self = .deltaBarDelta(try options(OptimizerConfiguration.DeltaBarDeltaOptions.self))
        case .bfgs: self = .bfgs(try options(OptimizerConfiguration.BFGSOptions.self))
        case .lbfgs: self = .lbfgs(try options(OptimizerConfiguration.LBFGSOptions.self))
        case .cg:
            self = .conjugateGradient(
                try options(OptimizerConfiguration.ConjugateGradientOptions.self))
        case .hessianFree:
            self = .hessianFree(try options(OptimizerConfiguration.HessianFreeOptions.self))
        case .newton: self = .newton(try options(OptimizerConfiguration.NewtonOptions.self))
        }
    }

    /// Writes the method's command-line name over its options.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MethodName.self)
        try container.encode(options, forKey: MethodName(stringValue: kind.rawValue))
    }
}
