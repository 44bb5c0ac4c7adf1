import Perceptron
import Testing

/// The static members for the first-order rules (`.adam(...)`, `.sgd(...)`,
/// ...): each builds the configuration its `init` would, and its settings
/// reach the rule, checked on two updates from `w = 1` along `g = 2`, then
/// `g = 4`, worked out by hand from each rule's formula.
@Suite("OptimizerConfiguration's first-order members")
struct OptimizerConfigurationFactoryTests {
    /// `w` after each of the two updates.
    static func trajectory(_ configuration: OptimizerConfiguration) -> [Double] {
        var optimizer = TrainingOptimizer<Double>(configuration)
        var w: [Double] = [1]
        var after: [Double] = []
        for g in [2.0, 4.0] {
            optimizer.update(&w, along: [g])
            after.append(w[0])
        }
        return after
    }

    static func expectTrajectory(
        _ configuration: OptimizerConfiguration, _ expected: [Double],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = trajectory(configuration)
        for (a, e) in zip(actual, expected) {
            #expect(
                abs(a - e) <= 1e-15, "\(configuration.kind): \(actual) vs \(expected)",
                sourceLocation: sourceLocation)
        }
    }

    @Test("each member equals the configuration of its method's options")
    func membersEqualTheTypedForm() {
        typealias C = OptimizerConfiguration
        let schedule = C.Schedule.inverse(rate: 0.5)
        let clipping = C.Clipping.norm(threshold: 3)
        #expect(C.sgd() == C(.sgd(.init())))
        #expect(C.sgd() == C(.sgd))
        #expect(
            C.sgd(learningRate: 0.2, schedule: schedule, clipping: clipping)
                == C(.sgd(.init(learningRate: 0.2, schedule: schedule, clipping: clipping))))
        #expect(C.momentum(momentum: 0.8) == C(.momentum(.init(momentum: 0.8))))
        #expect(C.nesterov(learningRate: 0.3) == C(.nesterov(.init(learningRate: 0.3))))
        #expect(C.adagrad(epsilon: 1e-6) == C(.adagrad(.init(epsilon: 1e-6))))
        #expect(C.rmsprop(rho: 0.8) == C(.rmsprop(.init(rho: 0.8))))
        #expect(
            C.nesterovRMSProp(learningRate: 0.1, rho: 0.8, momentum: 0.7, epsilon: 1e-7)
                == C(
                    .nesterovRMSProp(
                        .init(learningRate: 0.1, rho: 0.8, momentum: 0.7, epsilon: 1e-7))))
        #expect(
            C.adadelta(rho: 0.9, clipping: clipping)
                == C(.adadelta(.init(rho: 0.9, clipping: clipping))))
        #expect(
            C.adam(learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-7)
                == C(.adam(.init(learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-7))))
        #expect(
            C.deltaBarDelta(schedule: schedule) == C(.deltaBarDelta(.init(schedule: schedule))))
        #expect(
            C.adamW(learningRate: 3e-4, weightDecay: 0.1, beta1: 0.8)
                == C(.adamW(.init(learningRate: 3e-4, weightDecay: 0.1, beta1: 0.8))))
        // Unset settings stay nil: the rule's own default applies. (Adam's
        // options have no momentum or rho to leave unset.)
        guard case .adam(let adam) = C.adam(learningRate: 0.01).method else {
            Issue.record("not Adam")
            return
        }
        #expect(adam.learningRate == 0.01)
        #expect(adam.beta1 == nil && adam.beta2 == nil && adam.epsilon == nil)
    }

    @Test("nil settings take the rule's defaults")
    func defaults() {
        // Gradient descent, gamma = 0.01: 1 - 0.02, then - 0.04.
        Self.expectTrajectory(.sgd(), [0.98, 0.94])
        // Adam's first step is gamma g / (|g| + epsilon) with gamma = 0.001,
        // epsilon = 1e-8, whatever beta1 and beta2.
        let first = Self.trajectory(.adam())[0]
        #expect(abs(first - (1 - 0.001 * 2 / (2 + 1e-8))) <= 1e-15)
    }

    @Test("each member's settings reach its rule")
    func settingsReachTheRule() {
        // w <- w - gamma g.
        Self.expectTrajectory(.sgd(learningRate: 0.5), [0, -2])
        // v = -0.2, w = 0.8; v = 0.5 (-0.2) - 0.4 = -0.5, w = 0.3.
        Self.expectTrajectory(.momentum(learningRate: 0.1, momentum: 0.5), [0.8, 0.3])
        // Look-ahead form u <- u + beta v - gamma g: 1 - 0.1 - 0.2 = 0.7;
        // v = -0.5, 0.7 - 0.25 - 0.4 = 0.05.
        Self.expectTrajectory(.nesterov(learningRate: 0.1, momentum: 0.5), [0.7, 0.05])
        // a = 4: 1 - 0.2 / (2 + 1); a = 20: - 0.4 / (sqrt(20) + 1).
        Self.expectTrajectory(
            .adagrad(learningRate: 0.1, epsilon: 1), [0.9333333333333333, 0.8602357342807107])
        // a = 1: 1 - 0.2 / 2 = 0.9; a = 4.75: - 0.4 / (sqrt(4.75) + 1).
        Self.expectTrajectory(
            .rmsprop(learningRate: 0.1, rho: 0.75, epsilon: 1), [0.9, 0.7741920563444975])
        // a = 1, s = 0.1, v = -0.1, u = 1 - 0.05 - 0.1; a = 4.75,
        // s = 0.4 / (sqrt(4.75) + 1), v = -0.05 - s, u += 0.5 v - s.
        Self.expectTrajectory(
            .nesterovRMSProp(learningRate: 0.1, rho: 0.75, momentum: 0.5, epsilon: 1),
            [0.85, 0.636288084516746])
        // a = 1, dw = -sqrt(1) / sqrt(2) 2, d = 0.5, w = 1 + 0.5 dw; a = 4.75,
        // dw = -sqrt(1.5) / sqrt(5.75) 4.
        Self.expectTrajectory(
            .adadelta(learningRate: 0.5, rho: 0.75, epsilon: 1),
            [0.2928932188134524, -0.728614618097046])
        // m = 1, v = 1, mhat = 2, vhat = 4: 1 - 0.1 2 / 3; m = 2.5, v = 4.75,
        // mhat = 2.5 / 0.75, vhat = 4.75 / 0.4375.
        Self.expectTrajectory(
            .adam(learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 1),
            [0.9333333333333333, 0.8557240329017315])
        // As Adam, on weights shrunk by 1 - 0.1 0.5 first: 0.95 - 0.1 2 / 3;
        // 0.95 w - 0.1 (2.5 / 0.75) / (sqrt(4.75 / 0.4375) + 1).
        Self.expectTrajectory(
            .adamW(learningRate: 0.1, weightDecay: 0.5, beta1: 0.5, beta2: 0.75, epsilon: 1),
            [0.8833333333333333, 0.7615573662350648])
        // Plain descent first (no average yet); then the same sign raises the
        // rate by kappa = 0.001: 0.8 - 0.101 * 4.
        Self.expectTrajectory(.deltaBarDelta(learningRate: 0.1), [0.8, 0.396])
    }

    @Test("the schedule and the clipping reach the rule")
    func scheduleAndClipping() {
        // g clipped to norm 1; gamma halved every update: 1 - 0.5, 0.5 - 0.25.
        Self.expectTrajectory(
            .sgd(
                learningRate: 0.5, schedule: .step(factor: 0.5, interval: 1),
                clipping: .norm(threshold: 1)),
            [0.5, 0.25])
        // g clipped into [-1, 1]: v = -0.1, w = 0.9; v = -0.15, w = 0.75.
        Self.expectTrajectory(
            .momentum(learningRate: 0.1, momentum: 0.5, clipping: .value(minimum: -1, maximum: 1)),
            [0.9, 0.75])
    }
}
