import Tensor

/// Orthant-wise limited-memory quasi-Newton (OWL-QN): L-BFGS for an L1
/// penalized objective
///
/// ```
/// F(x) = f(x) + C sum_{i in P} |x_i|
/// ```
///
/// with `f` smooth and `P` the penalized coordinates (for a network, its
/// weights and not its biases). `|x_i|` has no derivative at 0, so L-BFGS on
/// `F` hovers around zero without ever reaching it; OWL-QN (Andrew & Gao
/// 2007) works inside one orthant at a time, where `F` is smooth, and lands
/// on exact zeros:
///
/// - **Pseudo-gradient** `v`, the steepest-descent direction's negative:
///   for `i` in `P`, `v_i = g_i + C sign(x_i)` when `x_i != 0`; at
///   `x_i = 0`, `g_i + C` if that is negative, `g_i - C` if that is
///   positive, else 0 (zero is optimal along `i`); `v_i = g_i` elsewhere.
/// - **Direction** `d = -H v` by L-BFGS's two-loop recursion, with the
///   pairs `s = x+ - x`, `y = g+ - g` of the smooth part alone; then every
///   penalized `d_i` that does not point against `v_i` is set to 0.
/// - **Projected backtracking line search** from the orthant
///   `xi_i = sign(x_i)` (`sign(-v_i)` at zero): the trial point
///   `x + alpha d` has every penalized coordinate that left the orthant set
///   to exactly 0, and is accepted when
///   `F(x+) <= F(x) + c1 v^T (x+ - x)`; `alpha` halves otherwise.
/// - **Stopping** as the other minimizers (``StoppingCriteria``), with
///   `||v||` in place of the gradient norm; the result's
///   ``MinimizationResult/gradient`` is `v`.
///
/// The projection of the direction applies to the penalized coordinates
/// only, as in liblbfgs, so that the unpenalized ones (biases) move as in
/// L-BFGS. Buffers are allocated once per run.
///
/// ```swift
/// let options = OWLQN<Double>.Options(l1: 0.01, penalized: [0..<640])
/// let result = OWLQN(options: options).minimize(&objective, from: start)
/// ```
///
/// References:
/// - G. Andrew and J. Gao, "Scalable training of L1-regularized log-linear
///   models", ICML 2007.
/// - N. Okazaki, liblbfgs 1.10 (`lbfgs.c`, OWL-QN with a start and end
///   index), 2010.
/// - J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
///   Springer 2006, algorithm 7.4 (the two-loop recursion).
public struct OWLQN<Scalar: BLASScalar>: Sendable {
    /// The settings of a run.
    public struct Options: Sendable {
        /// Tolerances and limits; the gradient test reads the
        /// pseudo-gradient's norm.
        public var stopping: StoppingCriteria<Scalar>
        /// The L1 coefficient `C >= 0`.
        public var l1: Scalar
        /// The penalized coordinates `P`, as ranges of the parameter
        /// vector; `nil`: all of them.
        public var penalized: [Range<Int>]?
        /// The number of pairs `(s, y)` kept, `m`; default 10.
        public var historySize: Int
        /// A pair is skipped when `s^T y <= curvatureTolerance ||s|| ||y||`.
        public var curvatureTolerance: Scalar
        /// The sufficient-decrease constant `c1` of the line search;
        /// default `1e-4`.
        public var sufficientDecrease: Scalar
        /// The most halvings of the step before the line search fails;
        /// default 50.
        public var maximumBacktracks: Int

        /// Options with the defaults above.
        public init(
            l1: Scalar, penalized: [Range<Int>]? = nil,
            stopping: StoppingCriteria<Scalar> = StoppingCriteria(), historySize: Int = 10,
            curvatureTolerance: Scalar = Scalar.ulpOfOne.squareRoot(),
            sufficientDecrease: Scalar = 1e-4, maximumBacktracks: Int = 50
        ) {
            require(l1 >= 0, "OWLQN: l1 \(l1) must be >= 0")
            require(historySize > 0, "OWLQN: historySize \(historySize) must be positive")
            require(
                sufficientDecrease > 0 && sufficientDecrease < 1,
                "OWLQN: sufficientDecrease \(sufficientDecrease) not in (0, 1)")
            require(maximumBacktracks > 0, "OWLQN: maximumBacktracks must be positive")
            self.l1 = l1
            self.penalized = penalized
            self.stopping = stopping
            self.historySize = historySize
            self.curvatureTolerance = curvatureTolerance
            self.sufficientDecrease = sufficientDecrease
            self.maximumBacktracks = maximumBacktracks
        }
    }

    /// The settings.
    public var options: Options

    /// OWL-QN with the given options.
    public init(options: Options) {
        self.options = options
    }

    /// Minimizes `F = f + C sum_P |x_i|` with `f` the value of `objective`,
    /// from `start`. The callback sees every iteration (the value it reports
    /// is `F`) and can stop the run.
    public func minimize<O: Objective<Scalar>>(
        _ objective: inout O, from start: [Scalar],
        callback: ((IterationReport<Scalar>) -> IterationControl)? = nil
    ) -> MinimizationResult<Scalar> {
        let n = objective.parameterCount
        require(
            start.count == n, "OWLQN: the start has \(start.count) elements for \(n) parameters")
        let penalty = L1Penalty(
            strength: options.l1, ranges: options.penalized ?? [0..<n], count: n)
        var history = LBFGSHistory<Scalar>(
            parameterCount: n, historySize: options.historySize,
            curvatureTolerance: options.curvatureTolerance)
        let stopping = options.stopping
        var x = start
        var g = [Scalar](repeating: 0, count: n)
        var (v, d, s, y, trial, trialGradient) = (g, g, g, g, g, g)
        var value = objective.valueAndGradient(at: x, gradient: &g) + penalty.value(at: x)
        var evaluations = 1
        var iterations = 0
        penalty.pseudoGradient(at: x, gradient: g, into: &v)
        var norm = BLAS.nrm2(v)

        func result(_ status: MinimizationStatus) -> MinimizationResult<Scalar> {
            MinimizationResult(
                parameters: x, value: value, gradient: v, gradientNorm: norm,
                iterations: iterations, functionEvaluations: evaluations,
                gradientEvaluations: evaluations, status: status)
        }
        func converged() -> Bool { stopping.gradientIsSmall(norm, atPointOfNorm: BLAS.nrm2(x)) }

        guard value.isFinite, norm.isFinite else { return result(.nonFiniteValue) }
        if converged() { return result(.convergedByGradientNorm) }
        while iterations < stopping.maximumIterations {
            var accepted: (value: Scalar, step: Scalar)?
            var sawNonFinite = false
            // The quasi-Newton direction, then steepest descent once if it
            // finds no lower point.
            for attempt in 0..<2 {
                if attempt == 1 {
                    guard history.hasHistory else { break }
                    history.reset()
                }
                history.direction(gradient: v, into: &d)
                penalty.keepDescending(&d, along: v)
                if !(BLAS.dot(v, d) < 0) {
                    history.reset()
                    history.direction(gradient: v, into: &d)
                }
                // The first trial step: 1 for a scaled quasi-Newton
                // direction, else a step of length 1 at most.
                var step = history.hasHistory ? 1 : min(1, 1 / BLAS.nrm2(d))
                for _ in 0..<options.maximumBacktracks {
                    guard evaluations < stopping.maximumEvaluations else {
                        return result(.evaluationLimit)
                    }
                    BLAS.copy(x, &trial)
                    BLAS.axpy(step, d, &trial)
                    penalty.project(&trial, toOrthantOf: x, pseudoGradient: v)
                    let trialValue =
                        objective.valueAndGradient(at: trial, gradient: &trialGradient)
                        + penalty.value(at: trial)
                    evaluations += 1
                    BLAS.copy(trial, &s)
                    BLAS.axpy(-1, x, &s)
                    if trialValue.isFinite,
                        trialValue <= value + options.sufficientDecrease * BLAS.dot(v, s)
                    {
                        accepted = (trialValue, step)
                        break
                    }
                    if !trialValue.isFinite { sawNonFinite = true }
                    step /= 2
                }
                if accepted != nil { break }
            }
            guard let (newValue, step) = accepted else {
                return result(sawNonFinite ? .nonFiniteValue : .lineSearchFailure)
            }
            iterations += 1
            // s already holds x+ - x; y = g+ - g of the smooth part.
            BLAS.copy(trialGradient, &y)
            BLAS.axpy(-1, g, &y)
            history.update(
                step: s, gradientChange: y, newGradient: trialGradient, oldGradient: g, direction: d
            )
            swap(&x, &trial)
            swap(&g, &trialGradient)
            let previous = value
            value = newValue
            penalty.pseudoGradient(at: x, gradient: g, into: &v)
            norm = BLAS.nrm2(v)

            var status: MinimizationStatus?
            if converged() {
                status = .convergedByGradientNorm
            } else if stopping.decreaseIsNegligible(from: previous, to: value) {
                status = .convergedByRelativeDecrease
            }
            if let callback {
                let report = IterationReport(
                    iteration: iterations, value: value, gradientNorm: norm, stepLength: step,
                    functionEvaluations: evaluations, parameters: x)
                if callback(report) == .stop, status == nil { status = .stoppedByCallback }
            }
            if let status { return result(status) }
        }
        return result(.iterationLimit)
    }
}
