import Foundation
import Optimizers
import Tensor
import Testing

/// Cosine annealing, linear warm-up and reduce-on-plateau against known
/// values. The expected multipliers were computed with numpy:
///
/// ```python
/// cosine = [a + (1 - a) * (1 + np.cos(np.pi * k / K)) / 2 if k <= K else a for k in range(11)]
/// warmup = [min(1, (k + 1) / W) * m_then(k) for k in range(10)]
/// ```
@Suite("Cosine, warm-up and plateau schedules")
struct CosineWarmupPlateauTests {
    /// K = 8, a = 0.1, k = 0...10.
    static let cosineWithFloor: [Double] = [
        1.0, 0.9657457896300791, 0.8681980515339464, 0.7222075445642904, 0.55,
        0.3777924554357096, 0.23180194846605365, 0.13425421036992097, 0.1, 0.1, 0.1,
    ]
    /// K = 8, a = 0, k = 0...10.
    static let cosine: [Double] = [
        1.0, 0.9619397662556434, 0.8535533905932737, 0.6913417161825449, 0.5,
        0.30865828381745514, 0.14644660940672627, 0.03806023374435663, 0, 0, 0,
    ]
    /// W = 4 over cosine K = 8, a = 0, k = 0...9.
    static let warmupCosine: [Double] = [
        0.25, 0.4809698831278217, 0.6401650429449552, 0.6913417161825449, 0.5,
        0.30865828381745514, 0.14644660940672627, 0.03806023374435663, 0, 0,
    ]

    @Test("cosine annealing: 1 at k = 0, (1 + a)/2 at K/2, a at K and after")
    func cosineValues() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let floored = LearningRateSchedule<Scalar>.cosineAnnealing(updates: 8, minimum: 0.1)
            expectClose(
                (0...10).map { floored.multiplier(atStep: $0) }, Self.cosineWithFloor,
                tolerance: goldenTolerance(Scalar.self), "cosine a = 0.1")
            let plain = LearningRateSchedule<Scalar>.cosineAnnealing(updates: 8)
            expectClose(
                (0...10).map { plain.multiplier(atStep: $0) }, Self.cosine,
                tolerance: goldenTolerance(Scalar.self), "cosine a = 0")
            // The end points are exact: gamma_0 at the start, the floor at K
            // and ever after.
            #expect(floored.multiplier(atStep: 0) == 1)
            #expect(floored.multiplier(atStep: 8) == Scalar(0.1))
            #expect(floored.multiplier(atStep: 1_000_000) == Scalar(0.1))
            // K = 1: one update at the full rate, then the floor.
            let one = LearningRateSchedule<Scalar>.cosineAnnealing(updates: 1, minimum: 0.5)
            #expect(one.multiplier(atStep: 0) == 1 && one.multiplier(atStep: 1) == 0.5)
        }
    }

    @Test("linear warm-up: (k + 1)/W for k < W, then the schedule it multiplies")
    func warmupValues() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let ramp = LearningRateSchedule<Scalar>.linearWarmup(updates: 4)
            #expect((0..<7).map { ramp.multiplier(atStep: $0) } == [0.25, 0.5, 0.75, 1, 1, 1, 1])
            #expect(ramp.learningRate(0.1, atStep: 0) == Scalar(0.1) * 0.25)
            // W = 1 is no warm-up at all.
            let none = LearningRateSchedule<Scalar>.linearWarmup(
                updates: 1, then: .exponentialDecay(rate: 0.1))
            #expect(
                (0..<5).map { none.multiplier(atStep: $0) }
                    == (0..<5).map {
                        LearningRateSchedule<Scalar>.exponentialDecay(rate: 0.1).multiplier(
                            atStep: $0)
                    })
            // Over cosine, which keeps counting from k = 0 and still ends at K.
            let warmCosine = LearningRateSchedule<Scalar>.linearWarmup(
                updates: 4, then: .cosineAnnealing(updates: 8))
            expectClose(
                (0..<10).map { warmCosine.multiplier(atStep: $0) }, Self.warmupCosine,
                tolerance: goldenTolerance(Scalar.self), "warm-up + cosine")
            // Over step decay: the product of the two.
            let warmStep = LearningRateSchedule<Scalar>.linearWarmup(
                updates: 3, then: .stepDecay(factor: 0.5, interval: 2))
            let third: Scalar = 1 / 3
            let twoThirds: Scalar = 2 / 3
            let expected: [Scalar] = [third, twoThirds, 0.5, 0.5, 0.25, 0.25]
            #expect((0..<6).map { warmStep.multiplier(atStep: $0) } == expected)
        }
    }

    /// A plateau cut after exactly `patience` bad epochs, and not before.
    @Test("reduce-on-plateau cuts after exactly PATIENCE epochs without improvement")
    func plateauCutsAfterPatience() {
        var plateau = ReduceOnPlateau<Double>(factor: 0.5, patience: 3)
        #expect(plateau.multiplier == 1 && plateau.best == nil)
        // epoch:              1    2    3    4     5
        let losses: [Double] = [1.0, 0.8, 0.8, 0.85, 0.81]
        var cuts: [Bool] = []
        for loss in losses { cuts.append(plateau.observe(loss)) }
        // Equal to the best is no improvement: epochs 3, 4, 5 are bad, and
        // the cut comes at the end of epoch 5, not before.
        #expect(cuts == [false, false, false, false, true])
        #expect(plateau.multiplier == 0.5 && plateau.best == 0.8)
        #expect(plateau.epochsWithoutImprovement == 0)
        // An improvement resets the count; two bad epochs are not enough.
        #expect(!plateau.observe(0.7) && plateau.best == 0.7)
        #expect(!plateau.observe(0.9) && !plateau.observe(0.9))
        #expect(plateau.epochsWithoutImprovement == 2 && plateau.multiplier == 0.5)
        #expect(plateau.observe(0.75) && plateau.multiplier == 0.25)
        // The plateau goes on: the next cut is `patience` epochs later.
        #expect(!plateau.observe(0.75) && !plateau.observe(0.75))
        #expect(plateau.observe(0.75) && plateau.multiplier == 0.125)
    }

    @Test("reduce-on-plateau never goes below its floor")
    func plateauFloor() {
        var plateau = ReduceOnPlateau<Float>(factor: 0.1, patience: 1, minimum: 0.05)
        #expect(plateau.observe(1) == false)
        #expect(plateau.observe(2) && plateau.multiplier == 0.1)
        // 0.1 * 0.1 = 0.01 is below the floor: the floor it is.
        #expect(plateau.observe(2) && plateau.multiplier == 0.05)
        // At the floor already: nothing to cut.
        #expect(!plateau.observe(2) && plateau.multiplier == 0.05)
        #expect(plateau.epochsWithoutImprovement == 0)
    }

    @Test("reduce-on-plateau: the minimum improvement, and non-finite losses")
    func plateauImprovementAndNaN() {
        var plateau = ReduceOnPlateau<Double>(factor: 0.5, patience: 2, minimumImprovement: 0.1)
        // A non-finite loss never becomes the best.
        #expect(!plateau.observe(.nan) && plateau.best == nil)
        #expect(plateau.epochsWithoutImprovement == 1)
        #expect(!plateau.observe(1) && plateau.best == 1)
        // 0.95 is lower, but not by more than 0.1.
        #expect(!plateau.observe(0.95) && plateau.best == 1)
        #expect(plateau.observe(.infinity) && plateau.multiplier == 0.5)
        #expect(!plateau.observe(0.89) && plateau.best == 0.89)
    }

    @Test("a schedule forwards the epochs' losses to its plateau, through a warm-up too")
    func scheduleObserves() {
        var schedule = LearningRateSchedule<Double>.linearWarmup(
            updates: 2, then: .reduceOnPlateau(ReduceOnPlateau(factor: 0.5, patience: 1)))
        #expect(schedule.plateau?.multiplier == 1)
        #expect(schedule.multiplier(atStep: 0) == 0.5)
        #expect(schedule.observe(1) == false)
        #expect(schedule.observe(2) == true)
        #expect(schedule.multiplier(atStep: 0) == 0.25 && schedule.multiplier(atStep: 5) == 0.5)
        // Schedules without a plateau ignore losses.
        var cosine = LearningRateSchedule<Double>.cosineAnnealing(updates: 10)
        #expect(!cosine.observe(1) && !cosine.observe(2) && cosine.plateau == nil)
        #expect(cosine == .cosineAnnealing(updates: 10, minimum: 0))
    }

    @Test("an optimizer uses the plateau's multiplier from the next update on")
    func optimizerFollowsPlateau() {
        var descent = GradientDescent<Double>(
            learningRate: 0.4,
            schedule: .reduceOnPlateau(ReduceOnPlateau(factor: 0.25, patience: 1)))
        var parameters = [1.0]
        descent.update(&parameters, along: [1])
        #expect(parameters == [1 - 0.4])
        descent.schedule.observe(1)
        descent.schedule.observe(1)
        #expect(descent.currentLearningRate == 0.1)
        descent.update(&parameters, along: [1])
        #expect(parameters == [1 - 0.4 - 0.1])
    }

    @Test("the plateau's state saves to scalars and restores exactly")
    func plateauStateRoundTrip() throws {
        var schedule = LearningRateSchedule<Float>.linearWarmup(
            updates: 3,
            then: .reduceOnPlateau(ReduceOnPlateau(factor: 0.5, patience: 2, minimum: 0.1)))
        #expect(
            schedule.stateScalars == [
                "plateau.multiplier": 1, "plateau.epochsWithoutImprovement": 0,
            ])
        for loss: Float in [0.9, 0.7, 0.8, 0.8, 0.75] { schedule.observe(loss) }
        let saved = schedule.stateScalars
        #expect(
            saved == [
                "plateau.multiplier": 0.5, "plateau.epochsWithoutImprovement": 1,
                "plateau.best": 0.7,
            ])
        var scalars = saved.merging(["other": 3]) { $1 }
        var fresh = LearningRateSchedule<Float>.linearWarmup(
            updates: 3,
            then: .reduceOnPlateau(ReduceOnPlateau(factor: 0.5, patience: 2, minimum: 0.1)))
        try fresh.restoreState(taking: &scalars, optimizer: "Adam")
        #expect(fresh == schedule)
        #expect(scalars == ["other": 3])
        // The same losses from here on give the same decisions.
        for loss: Float in [0.9, 0.6, 0.65, 0.65] {
            #expect(fresh.observe(loss) == schedule.observe(loss))
            #expect(fresh == schedule)
        }

        // A plateau without its scalars is refused; other schedules take none.
        var missing: [String: Float] = ["plateau.best": 1]
        #expect(throws: OptimizerStateError.self) {
            try fresh.restoreState(taking: &missing, optimizer: "Adam")
        }
        var constant = LearningRateSchedule<Float>.constant
        var untouched = saved
        try constant.restoreState(taking: &untouched, optimizer: "Adam")
        #expect(untouched == saved && constant.stateScalars.isEmpty)
    }

    @Test func newSchedulesAreCodable() throws {
        var plateau = ReduceOnPlateau<Double>(factor: 0.3, patience: 4, minimum: 0.01)
        plateau.observe(2)
        plateau.observe(3)
        let schedules: [LearningRateSchedule<Double>] = [
            .cosineAnnealing(updates: 100, minimum: 0.05), .linearWarmup(updates: 10),
            .linearWarmup(updates: 5, then: .cosineAnnealing(updates: 50)),
            .reduceOnPlateau(plateau),
            .linearWarmup(updates: 5, then: .reduceOnPlateau(plateau)),
        ]
        let data = try JSONEncoder().encode(schedules)
        #expect(
            try JSONDecoder().decode([LearningRateSchedule<Double>].self, from: data) == schedules)
    }

    @Test func cosineWithoutUpdatesStops() async {
        await #expect(processExitsWith: .failure) {
            _ = LearningRateSchedule<Double>.cosineAnnealing(updates: 0).multiplier(atStep: 1)
        }
    }

    @Test func warmupWithoutUpdatesStops() async {
        await #expect(processExitsWith: .failure) {
            _ = LearningRateSchedule<Double>.linearWarmup(updates: 0).multiplier(atStep: 1)
        }
    }

    @Test func plateauFactorOfOneStops() async {
        await #expect(processExitsWith: .failure) {
            _ = ReduceOnPlateau<Double>(factor: 1, patience: 2)
        }
    }
}
