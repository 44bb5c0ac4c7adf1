import ArgumentParser
import Perceptron

/// The settings of the second-order methods (`--optimizer bfgs`, `lbfgs`,
/// `cg`, `hessian-free`, `newton`), each refused with another method.
struct SecondOrderOptions: ParsableArguments {
    @Option(
        help: """
            Second-order methods: minimizer iterations per epoch (default: 10 for lbfgs, bfgs and cg, \
            \(OptimizerConfiguration.Kind.hessianFree.defaultIterationsPerEpoch) for hessian-free, \
            \(OptimizerConfiguration.Kind.newton.defaultIterationsPerEpoch) for newton).
            """)
    var iterationsPerEpoch: Int?
    @Option(help: "L-BFGS: step pairs kept, m (default: 10).")
    var historySize: Int?
    @Option(
        help: """
            CG: the formula for beta, \(ConjugateGradientFormula.allCases.map(\.commandLineName).joined(separator: ", ")) \
            (default: polak-ribiere).
            """)
    var cgVariant: String?
    @Option(help: "Hessian-free: the initial Levenberg-Marquardt damping (default: 1).")
    var damping: Double?
    @Option(
        help: """
            Second-order methods: converged when ||g|| <= this * max(1, ||w||) \
            (default: 1e-5 in float, 1e-9 in double).
            """)
    var gradientTolerance: Double?
    @Option(
        help: """
            Second-order methods: converged when an iteration lowers the loss by this relative amount or less \
            (default: 1e-7 in float, 2.2e-16 in double; 0 turns the test off).
            """)
    var decreaseTolerance: Double?

    /// The options given, by their command-line names.
    var given: [String] {
        [
            iterationsPerEpoch.map { _ in "--iterations-per-epoch" },
            historySize.map { _ in "--history-size" }, cgVariant.map { _ in "--cg-variant" },
            damping.map { _ in "--damping" },
            gradientTolerance.map { _ in "--gradient-tolerance" },
            decreaseTolerance.map { _ in "--decrease-tolerance" },
        ].compactMap { $0 }
    }

    /// The configuration of the second-order method `kind`, with `batchSize`
    /// for a large-batch L-BFGS; one clear line for each mistake.
    func configuration(_ kind: OptimizerConfiguration.Kind, batchSize: Int?) throws
        -> OptimizerConfiguration
    {
        let name = "--optimizer \(kind.rawValue)"
        func only(_ option: String, _ value: Any?, for method: OptimizerConfiguration.Kind) throws {
            guard value == nil || kind == method else {
                throw ValidationError(
                    "\(option) applies to --optimizer \(method.rawValue), not \(name)")
            }
        }
        try only("--history-size", historySize, for: .lbfgs)
        try only("--cg-variant", cgVariant, for: .cg)
        try only("--damping", damping, for: .hessianFree)
        if batchSize != nil, kind != .lbfgs {
            throw ValidationError(
                "--batch-size applies to lbfgs among the second-order methods; \(name) trains on the whole training set"
            )
        }
        if let iterationsPerEpoch, iterationsPerEpoch < 1 {
            throw ValidationError("--iterations-per-epoch must be at least 1")
        }
        if let historySize, historySize < 1 {
            throw ValidationError("--history-size must be at least 1")
        }
        if let damping, !(damping >= 0) { throw ValidationError("--damping must not be negative") }
        for (option, value) in [
            ("--gradient-tolerance", gradientTolerance),
            ("--decrease-tolerance", decreaseTolerance),
        ] {
            if let value, !(value >= 0) { throw ValidationError("\(option) must not be negative") }
        }
        let iterations = iterationsPerEpoch
        let (gradient, decrease) = (gradientTolerance, decreaseTolerance)
        switch kind {
        case .lbfgs:
            return OptimizerConfiguration(
                .lbfgs(
                    .init(
                        historySize: historySize ?? 10, batchSize: batchSize,
                        iterationsPerEpoch: iterations, gradientTolerance: gradient,
                        relativeDecreaseTolerance: decrease)))
        case .cg:
            let formula = try cgVariant.map { text in
                guard let formula = ConjugateGradientFormula(commandLineName: text) else {
                    throw ValidationError(
                        "--cg-variant: unknown '\(text)'; expected \(ConjugateGradientFormula.allCases.map(\.commandLineName).joined(separator: ", "))"
                    )
                }
                return formula
            }
            return OptimizerConfiguration(
                .conjugateGradient(
                    .init(
                        formula: formula ?? .polakRibierePlus, iterationsPerEpoch: iterations,
                        gradientTolerance: gradient, relativeDecreaseTolerance: decrease)))
        case .hessianFree:
            return OptimizerConfiguration(
                .hessianFree(
                    .init(
                        damping: damping ?? 1, iterationsPerEpoch: iterations,
                        gradientTolerance: gradient, relativeDecreaseTolerance: decrease)))
        case .bfgs:
            return OptimizerConfiguration(
                .bfgs(
                    .init(
                        iterationsPerEpoch: iterations, gradientTolerance: gradient,
                        relativeDecreaseTolerance: decrease)))
        case .newton:
            return OptimizerConfiguration(
                .newton(
                    .init(
                        iterationsPerEpoch: iterations, gradientTolerance: gradient,
                        relativeDecreaseTolerance: decrease)))
        default: fatalError("SecondOrderOptions: \(kind.rawValue) is not a second-order method")
        }
    }
}
