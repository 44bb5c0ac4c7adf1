import Optimizers

extension PolyakAveraging.Kind {
    /// The problem with the average a file declares, in words, or nil: a
    /// geometric average's decay must be in (0, 1], an exponential one's in
    /// [0, 1), as `PolyakAveraging.init(_:)` requires (it stops
    /// the program otherwise, which a corrupt file must not do).
    var problem: String? {
        switch self {
        case .uniform:
            nil
        case .geometric(let beta):
            beta > 0 && beta <= 1 ? nil : "the geometric average's decay (\(beta)) must be in (0, 1]"
        case .exponential(let beta):
            beta >= 0 && beta < 1
                ? nil : "the exponential average's decay (\(beta)) must be in [0, 1)"
        }
    }
}
