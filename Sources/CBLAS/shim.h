// OpenBLAS's CBLAS interface (with its thread-control extensions) and the
// LAPACKE C interface to LAPACK. On Debian both live in separate packages:
// libopenblas-dev (cblas.h, found through pkg-config "openblas") and
// liblapacke-dev (lapacke.h in /usr/include).
#include <cblas.h>
#include <lapacke.h>

// Flush-to-zero and denormals-are-zero for SSE/AVX arithmetic on the calling
// thread (the MXCSR bits 15 and 6). Denormal operands cost ~100 cycles per
// operation on x86; optimizer moments of inactive units decay into that
// range during long training runs. No effect on other architectures.
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
static inline int perceptron_flushes_denormals(void) {
    return (_mm_getcsr() & 0x8040) == 0x8040;
}
static inline void perceptron_set_flushes_denormals(int on) {
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(on ? (csr | 0x8040) : (csr & ~0x8040u));
}
#else
static inline int perceptron_flushes_denormals(void) { return 0; }
static inline void perceptron_set_flushes_denormals(int on) { (void)on; }
#endif
