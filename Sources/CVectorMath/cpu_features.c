#include "vector_math.h"

// The instruction sets OpenBLAS's kernel families need: its SkylakeX kernels
// use AVX-512 F, BW, DQ and VL; its Haswell kernels AVX2 and FMA.
#if defined(__x86_64__)
int perceptron_cpu_supports_avx512(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
int perceptron_cpu_supports_avx2_fma(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
int perceptron_cpu_supports_avx512(void) { return 0; }
int perceptron_cpu_supports_avx2_fma(void) { return 0; }
#endif
