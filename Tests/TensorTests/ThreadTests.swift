import Tensor
import Testing

@Suite("OpenBLAS configuration", .serialized)
struct ThreadTests {
    @Test("the thread count can be read and set")
    func threadCount() {
        let original = BLAS.threadCount
        defer { BLAS.threadCount = original }
        BLAS.threadCount = 1
        #expect(BLAS.threadCount == 1)
        BLAS.threadCount = 0  // stored as 1
        #expect(BLAS.threadCount == 1)
        if BLAS.parallelism != .sequential && BLAS.processorCount > 1 {
            BLAS.threadCount = 2
            #expect(BLAS.threadCount == 2)
        }
    }

    @Test("the configuration names OpenBLAS and its kernel set")
    func configuration() {
        #expect(BLAS.configuration.contains("OpenBLAS"))
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.processorCount >= 1)
    }
}

@Suite("Denormal flushing")
struct DenormalFlushingTests {
    @Test("a subnormal result becomes zero only while flushing is on")
    func flushes() {
        // Opaque to the optimizer, so the product is computed at run time.
        let tiny = [Float.leastNormalMagnitude][Int.random(in: 0..<1)]
        #expect(tiny * 0.5 > 0)  // subnormal, not zero
        DenormalFlushing.withFlushing {
            #expect(DenormalFlushing.isEnabled)
            let half = [Float(0.5)][Int.random(in: 0..<1)]
            #expect(tiny * half == 0)
        }
        #expect(!DenormalFlushing.isEnabled)
        #expect(tiny * 0.5 > 0)
    }
}
