// See include/dropout_rows.h. The rows' random words come out of their four
// generators stepped together (`DRAW`), a block at a time into a small
// buffer; then each row's block is compared and scaled in one vectorized
// loop (`DROPOUT`).
#include "dropout_rows.h"
#include "vector_math.h"

#if defined(__x86_64__)
#define AVX2_ONLY __attribute__((target("avx2")))
#else
#define AVX2_ONLY
#endif

// Words drawn per generator and block: a block covers 128 columns.
enum { BLOCK = 64 };

static inline uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// `count` steps of the four generators: words[4 p + l] is generator l's
// p-th word (xoshiro256**'s next(), lane by lane).
#define DRAW(name)                                                                       \
    static inline void name(uint64_t *restrict s, uint64_t *restrict words, long count) { \
        for (long p = 0; p < count; p++) {                                               \
            _Pragma("clang loop vectorize(enable)")                                      \
            for (int l = 0; l < 4; l++) {                                                \
                uint64_t s0 = s[l], s1 = s[4 + l], s2 = s[8 + l], s3 = s[12 + l];        \
                words[4 * p + l] = rotate_left(s1 * 5, 7) * 9;                           \
                uint64_t t = s1 << 17;                                                   \
                s2 ^= s0;                                                                \
                s3 ^= s1;                                                                \
                s1 ^= s2;                                                                \
                s0 ^= s3;                                                                \
                s2 ^= t;                                                                 \
                s3 = rotate_left(s3, 45);                                                \
                s[l] = s0, s[4 + l] = s1, s[8 + l] = s2, s[12 + l] = s3;                 \
            }                                                                            \
        }                                                                                \
    }

// The rows block by block: their words, then per row the halves in column
// order and the masked copy. A threshold of 2^32 keeps every unit.
#define DROPOUT(name, type, draw)                                                         \
    static void name(const type *x, type *a, type *mask,                                  \
                     long rows, long columns, uint64_t *restrict s, uint64_t threshold,  \
                     type scale) {                                                       \
        uint64_t words[4 * BLOCK];                                                       \
        uint32_t halves[2 * BLOCK];                                                      \
        const int keeps_all = threshold > UINT32_MAX;                                    \
        const uint32_t below = keeps_all ? 0 : (uint32_t)threshold;                      \
        for (long first = 0; first < columns; first += 2 * BLOCK) {                      \
            long n = columns - first < 2 * BLOCK ? columns - first : 2 * BLOCK;          \
            draw(s, words, (n + 1) / 2);                                                 \
            for (long r = 0; r < rows; r++) {                                            \
                for (long p = 0; p < (n + 1) / 2; p++) {                                 \
                    halves[2 * p] = (uint32_t)(words[4 * p + r] >> 32);                  \
                    halves[2 * p + 1] = (uint32_t)words[4 * p + r];                      \
                }                                                                        \
                const long offset = r * columns + first;                                 \
                const type *xr = x + offset;                                             \
                type *ar = a + offset, *mr = mask + offset;                              \
                _Pragma("clang loop vectorize(enable)")                                  \
                for (long j = 0; j < n; j++) {                                           \
                    type keep = keeps_all || halves[j] < below ? scale : (type)0;        \
                    mr[j] = keep;                                                        \
                    ar[j] = xr[j] * keep;                                                \
                }                                                                        \
            }                                                                            \
        }                                                                                \
    }

DRAW(draw_baseline)
AVX2_ONLY DRAW(draw_avx2)
DROPOUT(dropout_f32_baseline, float, draw_baseline)
DROPOUT(dropout_f64_baseline, double, draw_baseline)
AVX2_ONLY DROPOUT(dropout_f32_avx2, float, draw_avx2)
AVX2_ONLY DROPOUT(dropout_f64_avx2, double, draw_avx2)

void perceptron_dropout_rows_f32(const float *x, float *a, float *mask, long rows, long columns,
                                 uint64_t *states, uint64_t threshold, float scale) {
    if (perceptron_vector_math_uses_avx2())
        dropout_f32_avx2(x, a, mask, rows, columns, states, threshold, scale);
    else
        dropout_f32_baseline(x, a, mask, rows, columns, states, threshold, scale);
}

void perceptron_dropout_rows_f64(const double *x, double *a, double *mask, long rows,
                                 long columns, uint64_t *states, uint64_t threshold,
                                 double scale) {
    if (perceptron_vector_math_uses_avx2())
        dropout_f64_avx2(x, a, mask, rows, columns, states, threshold, scale);
    else
        dropout_f64_baseline(x, a, mask, rows, columns, states, threshold, scale);
}
