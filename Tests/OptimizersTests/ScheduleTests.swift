import Foundation
import Optimizers
import Tensor
import Testing

/// Learning-rate schedules against the values scripts/optimizer-golden.py
/// computed with numpy, and their use by an optimizer.
@Suite("Learning-rate schedules")
struct ScheduleTests {
    @Test func multipliersMatchGolden() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let schedules: [(LearningRateSchedule<Scalar>, [Double])] = [
                (.constant, Array(repeating: 1, count: 7)),
                (.exponentialDecay(rate: 0.1), Golden.exponentialDecay),
                (.inverseDecay(rate: 0.5), Golden.inverseDecay),
                (.stepDecay(factor: 0.5, interval: 3), Golden.stepDecay),
            ]
            for (schedule, expected) in schedules {
                let actual = (0..<7).map { schedule.multiplier(atStep: $0) }
                expectClose(
                    actual, expected, tolerance: goldenTolerance(Scalar.self), "\(schedule)")
            }
        }
    }

    @Test func learningRateIsInitialTimesMultiplier() {
        let schedule = LearningRateSchedule<Double>.inverseDecay(rate: 0.5)
        #expect(schedule.learningRate(0.2, atStep: 0) == 0.2)
        #expect(schedule.learningRate(0.2, atStep: 2) == 0.1)
        #expect(
            LearningRateSchedule<Double>.stepDecay(factor: 0.1, interval: 10)
                .learningRate(1, atStep: 25) == 0.010000000000000002)
    }

    /// The optimizer's `currentLearningRate` follows its step count, so a
    /// restored step count restores the schedule's position.
    @Test func optimizerFollowsStepCount() throws {
        var descent = GradientDescent<Double>(
            learningRate: 0.3, schedule: .exponentialDecay(rate: 0.2))
        #expect(descent.currentLearningRate == 0.3)
        var parameters = [1.0, 2.0]
        for _ in 0..<3 { descent.update(&parameters, along: [0.0, 0.0]) }
        #expect(descent.currentLearningRate == 0.3 * Double.exp(-0.6))

        var resumed = GradientDescent<Double>(
            learningRate: 0.3, schedule: .exponentialDecay(rate: 0.2))
        try resumed.restore(descent.state)
        #expect(resumed.currentLearningRate == descent.currentLearningRate)
    }

    @Test func schedulesAreCodable() throws {
        let schedules: [LearningRateSchedule<Float>] = [
            .constant, .exponentialDecay(rate: 0.1), .inverseDecay(rate: 0.5),
            .stepDecay(factor: 0.5, interval: 3),
        ]
        let data = try JSONEncoder().encode(schedules)
        #expect(
            try JSONDecoder().decode([LearningRateSchedule<Float>].self, from: data) == schedules)
    }

    @Test func negativeDecayRateStops() async {
        await #expect(processExitsWith: .failure) {
            _ = LearningRateSchedule<Double>.inverseDecay(rate: -1).multiplier(atStep: 1)
        }
    }
}
