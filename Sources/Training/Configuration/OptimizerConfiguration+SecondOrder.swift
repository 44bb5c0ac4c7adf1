import Tensor
import Optimizers

extension OptimizerConfiguration.Kind {
    /// Whether this is a second-order method (BFGS, L-BFGS, nonlinear CG,
    /// Hessian-free, Newton), which ``Trainer`` runs as a minimizer of the
    /// full-batch loss rather than as an update per mini-batch.
    public var isSecondOrder: Bool {
        switch self {
        case .bfgs, .lbfgs, .cg, .hessianFree, .newton: true
        default: false
        }
    }

    /// The minimizer iterations in one epoch of the history when the
    /// configuration does not say: 10 for BFGS, L-BFGS and CG (so the
    /// command line's 20 epochs are scikit-learn's 200 L-BFGS iterations), 5
    /// for Hessian-free (each iteration runs an inner CG of up to tens of
    /// gradients), 1 for Newton (each iteration forms a Hessian from `2 n`
    /// gradients); 0 for a first-order rule.
    public var defaultIterationsPerEpoch: Int {
        switch self {
        case .bfgs, .lbfgs, .cg: 10
        case .hessianFree: 5
        case .newton: 1
        default: 0
        }
    }

    /// The most parameters the method accepts, for the methods that keep a
    /// dense `n x n` matrix: 2,000 for Newton (a Hessian of 4 million
    /// entries, 32 MB in Double, rebuilt from 4,000 gradients every
    /// iteration and factored in `O(n^3)`), 5,000 for BFGS (an inverse
    /// Hessian of 25 million entries, 200 MB in Double); `nil` for the
    /// others, whose memory is a few vectors.
    public var parameterLimit: Int? {
        switch self {
        case .newton: 2_000
        case .bfgs: 5_000
        default: nil
        }
    }

    /// The name of the minimizer's type, as its state snapshot records it.
    var minimizerName: String {
        switch self {
        case .bfgs: "BFGS"
        case .lbfgs: "LBFGS"
        case .cg: "NonlinearConjugateGradient"
        case .hessianFree: "HessianFree"
        case .newton: "Newton"
        default: rawValue
        }
    }
}

extension OptimizerConfiguration {
    /// L-BFGS (`LBFGS`) keeping `historySize` step pairs, on
    /// the whole training set or, with `batchSize` smaller than it, on a
    /// large batch drawn afresh every epoch (and the pairs cleared, since
    /// they describe the previous batch's loss); see ``LBFGSOptions``.
    public static func lbfgs(
        historySize: Int = 10, batchSize: Int? = nil, iterationsPerEpoch: Int? = nil
    ) -> Self {
        Self(
            .lbfgs(
                .init(
                    historySize: historySize, batchSize: batchSize,
                    iterationsPerEpoch: iterationsPerEpoch)))
    }

    /// BFGS (`BFGS`) with a dense inverse Hessian, for models
    /// of at most ``Kind/parameterLimit`` (5,000) parameters; see
    /// ``BFGSOptions``.
    public static func bfgs(iterationsPerEpoch: Int? = nil) -> Self {
        Self(.bfgs(.init(iterationsPerEpoch: iterationsPerEpoch)))
    }

    /// Nonlinear conjugate gradient
    /// (`NonlinearConjugateGradient`) with `formula` for `beta`; see
    /// ``ConjugateGradientOptions``.
    public static func conjugateGradient(
        _ formula: ConjugateGradientFormula = .polakRibierePlus, iterationsPerEpoch: Int? = nil
    ) -> Self {
        Self(.conjugateGradient(.init(formula: formula, iterationsPerEpoch: iterationsPerEpoch)))
    }

    /// Hessian-free optimization (`HessianFree`) from the
    /// initial damping `damping`; see ``HessianFreeOptions``.
    public static func hessianFree(damping: Double = 1, iterationsPerEpoch: Int? = nil) -> Self {
        Self(.hessianFree(.init(damping: damping, iterationsPerEpoch: iterationsPerEpoch)))
    }

    /// Newton's method (`Newton`), for models of at most
    /// ``Kind/parameterLimit`` (2,000) parameters; see ``NewtonOptions``.
    public static func newton(iterationsPerEpoch: Int? = nil) -> Self {
        Self(.newton(.init(iterationsPerEpoch: iterationsPerEpoch)))
    }

    /// The batch a large-batch L-BFGS draws from a training set of
    /// `trainingCount` samples: ``LBFGSOptions/batchSize`` when it is
    /// smaller than the set, `nil` for the whole set (and for every other
    /// method).
    public func largeBatchSize(trainingCount: Int) -> Int? {
        guard case .lbfgs(let options) = method else { return nil }
        return options.batchSize.flatMap { $0 < trainingCount ? $0 : nil }
    }

    /// The minimizer iterations per epoch of a second-order method, the
    /// default filled in; 0 for a first-order rule.
    public var effectiveIterationsPerEpoch: Int {
        method.secondOrderOptions?.iterationsPerEpoch ?? kind.defaultIterationsPerEpoch
    }

    /// The method and its settings in a few words, for a log line: for
    /// example `lbfgs, history 10, 10 iterations per epoch`.
    public var summary: String {
        guard kind.isSecondOrder else { return kind.rawValue }
        var parts = [kind.rawValue]
        switch method {
        case .lbfgs(let options): parts.append("history \(options.historySize)")
        case .conjugateGradient(let options): parts.append(options.formula.commandLineName)
        case .hessianFree(let options): parts.append("damping \(options.damping)")
        default: break
        }
        parts.append("\(effectiveIterationsPerEpoch) iterations per epoch")
        return parts.joined(separator: ", ")
    }
}

extension ConjugateGradientFormula {
    /// The formula's command-line name: `fletcher-reeves`, `polak-ribiere`
    /// (Polak-Ribiere+) or `hestenes-stiefel`.
    public var commandLineName: String {
        switch self {
        case .fletcherReeves: "fletcher-reeves"
        case .polakRibierePlus: "polak-ribiere"
        case .hestenesStiefel: "hestenes-stiefel"
        }
    }

    /// The formula named `name` on the command line (see ``commandLineName``).
    public init?(commandLineName name: String) {
        guard let formula = Self.allCases.first(where: { $0.commandLineName == name }) else {
            return nil
        }
        self = formula
    }
}
