import ArgumentParser
import Perceptron

// `--schedule`: the learning-rate schedule's text, with one clear line for
// each mistake.

extension TrainCommand {
    /// The schedules `--schedule` takes, for the messages.
    static let scheduleForms =
        "constant, exponential:A, inverse:A, step:FACTOR:EVERY, cosine:K[:MIN] or plateau:FACTOR:PATIENCE[:MIN], optionally after warmup:W+"

    /// `--schedule`'s `text`: `[warmup:W+]SCHEDULE`, with SCHEDULE one of
    /// constant, `exponential:A`, `inverse:A`, `step:FACTOR:EVERY`,
    /// `cosine:K[:MIN]` and `plateau:FACTOR:PATIENCE[:MIN]`; `warmup:W`
    /// alone warms up to a constant rate. Counts of updates and epochs are
    /// whole numbers, every MIN a fraction of the initial rate.
    ///
    /// - Throws: `ValidationError` naming the whole text and the part that
    ///   is wrong.
    static func parseSchedule(_ text: String) throws -> OptimizerConfiguration.Schedule {
        func fail(_ problem: String) -> ValidationError {
            ValidationError("--schedule: '\(text)'; \(problem)")
        }
        let pieces = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        switch pieces.count {
        case 1:
            return try parseSchedulePart(pieces[0], fail: fail)
        case 2 where pieces[0].hasPrefix("warmup:") && !pieces[1].hasPrefix("warmup"):
            let warmup = try parseSchedulePart(pieces[0], fail: fail)
            guard case .warmup(let updates, _) = warmup else {
                throw fail("expected \(scheduleForms)")
            }
            return .warmup(updates: updates, then: try parseSchedulePart(pieces[1], fail: fail))
        default:
            throw fail(
                "only one warmup:W+ can come first, then one schedule; expected \(scheduleForms)")
        }
    }

    /// One schedule of `--schedule`, without `+`.
    private static func parseSchedulePart(
        _ part: String, fail: (String) -> ValidationError
    ) throws -> OptimizerConfiguration.Schedule {
        let fields = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = fields[0]
        let values = try fields.dropFirst().map { field in
            guard let value = Double(field), value.isFinite else {
                throw fail("'\(field)' in '\(part)' is not a finite number")
            }
            return value
        }
        /// `values[index]` as a whole number of at least 1.
        func count(_ index: Int, _ what: String, in form: String) throws -> Int {
            guard let count = Int(exactly: values[index]), count >= 1 else {
                throw fail("\(what) in \(form) must be a whole number >= 1")
            }
            return count
        }
        /// `values[index]`, a fraction in `[0, 1]`; 0 when absent.
        func fraction(_ index: Int, in form: String) throws -> Double {
            guard index < values.count else { return 0 }
            guard (0...1).contains(values[index]) else {
                throw fail(
                    "MIN in \(form) must be in [0, 1] (a fraction of the initial learning rate)")
            }
            return values[index]
        }
        switch (name, values.count) {
        case ("constant", 0):
            return .constant
        case ("exponential", 1), ("inverse", 1):
            guard values[0] >= 0 else { throw fail("A in \(name):A must be >= 0") }
            return name == "exponential" ? .exponential(rate: values[0]) : .inverse(rate: values[0])
        case ("step", 2):
            let form = "step:FACTOR:EVERY"
            guard values[0] > 0 else { throw fail("FACTOR in \(form) must be > 0") }
            return .step(factor: values[0], interval: try count(1, "EVERY (updates)", in: form))
        case ("cosine", 1...2):
            let form = "cosine:K[:MIN]"
            return .cosine(
                updates: try count(0, "K (updates)", in: form), minimum: try fraction(1, in: form))
        case ("plateau", 2...3):
            let form = "plateau:FACTOR:PATIENCE[:MIN]"
            guard values[0] > 0 && values[0] < 1 else {
                throw fail("FACTOR in \(form) must be in (0, 1)")
            }
            return .plateau(
                factor: values[0], patience: try count(1, "PATIENCE (epochs)", in: form),
                minimum: try fraction(2, in: form))
        case ("warmup", 1):
            return .warmup(updates: try count(0, "W (updates)", in: "warmup:W"))
        case ("exponential", _), ("inverse", _):
            throw fail("expected \(name):A with A >= 0")
        case ("step", _):
            throw fail("expected step:FACTOR:EVERY")
        case ("cosine", _):
            throw fail("expected cosine:K[:MIN], K updates and MIN a fraction of the learning rate")
        case ("plateau", _):
            throw fail("expected plateau:FACTOR:PATIENCE[:MIN], PATIENCE in epochs")
        case ("warmup", _):
            throw fail("expected warmup:W, W updates")
        default:
            throw fail("expected \(scheduleForms)")
        }
    }
}
