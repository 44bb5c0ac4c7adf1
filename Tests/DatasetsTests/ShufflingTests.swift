import Datasets
import Tensor
import Testing

/// Random permutations and the per-epoch shuffler.
@Suite("Shuffling")
struct ShufflingTests {
    @Test("a random permutation holds each index once and depends only on the seed")
    func permutation() {
        var g1 = Xoshiro256StarStar(seed: 42)
        var g2 = Xoshiro256StarStar(seed: 42)
        let a = [Int](randomPermutationOf: 1000, using: &g1)
        let b = [Int](randomPermutationOf: 1000, using: &g2)
        #expect(a.sorted() == Array(0..<1000))
        #expect(a == b)
        #expect(a != Array(0..<1000))
        #expect([Int](randomPermutationOf: 1000, using: &g1) != a)
        #expect([Int](randomPermutationOf: 0, using: &g1).isEmpty)
        #expect([Int](randomPermutationOf: 1, using: &g1) == [0])
    }

    @Test("every position receives every index about equally often")
    func uniformity() {
        var generator = Xoshiro256StarStar(seed: 7)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        let trials = 24_000
        for _ in 0..<trials {
            for (position, index) in [Int](randomPermutationOf: 4, using: &generator).enumerated() {
                counts[position][index] += 1
            }
        }
        // Expected 6000 each; the standard deviation is about 67.
        #expect(counts.joined().allSatisfy { abs($0 - trials / 4) < 400 })
    }

    @Test("each epoch is the original rearranged by its permutation, reproducibly")
    func epochShuffler() {
        let dataset = DatasetTests.indexed(97)
        var shuffler = EpochShuffler(dataset)
        #expect(shuffler.current == dataset && shuffler.permutation == Array(0..<97))
        var generator = Xoshiro256StarStar(seed: 9)
        var replay = Xoshiro256StarStar(seed: 9)
        var previous = shuffler.permutation
        for _ in 0..<3 {
            shuffler.shuffle(using: &generator)
            let permutation = shuffler.permutation
            #expect(permutation.sorted() == Array(0..<97) && permutation != previous)
            #expect(permutation == [Int](randomPermutationOf: 97, using: &replay))
            #expect(DatasetTests.indices(shuffler.current) == permutation)
            #expect(shuffler.current.labels == permutation.map { dataset.labels[$0] })
            #expect(shuffler.original == dataset)
            previous = permutation
        }
    }

    @Test("Dataset.shuffled keeps rows and labels together")
    func shuffledDataset() {
        let dataset = DatasetTests.indexed(30)
        var generator = Xoshiro256StarStar(seed: 2)
        let shuffled = dataset.shuffled(using: &generator)
        let indices = DatasetTests.indices(shuffled)
        #expect(indices.sorted() == Array(0..<30) && indices != Array(0..<30))
        #expect(shuffled.labels == indices.map { $0 % 3 })
    }
}
