// Scalar kernels written without branches (every `?:` becomes a vector
// blend) so that the loops in PERCEPTRON_MAP vectorize. References:
// S. L. Moshier, Methods and Programs for Mathematical Functions (Cephes),
// 1989, for the float polynomial; the reduction e^x = 2^k e^r,
// |r| <= ln2/2, is the standard one.
#include "vector_math.h"

#include <stdint.h>
#include <string.h>

#define KERNEL static inline __attribute__((always_inline))

KERNEL double bits_to_f64(uint64_t bits) { double x; memcpy(&x, &bits, 8); return x; }
KERNEL uint64_t f64_to_bits(double x) { uint64_t bits; memcpy(&bits, &x, 8); return bits; }
KERNEL float bits_to_f32(uint32_t bits) { float x; memcpy(&x, &bits, 4); return x; }
KERNEL uint32_t f32_to_bits(float x) { uint32_t bits; memcpy(&bits, &x, 4); return bits; }

// e^r - 1 = r + r^2 q(r) for |r| <= ln2/2, q of degree 9 fitted to
// (e^r - 1 - r) / r^2 by scripts/fit-exp-polynomial (a Chebyshev fit, near
// minimax: relative error 1.6e-17 before rounding, against 2e-17 for the
// degree-13 Taylor polynomial, which needs two more multiply-adds). Kept
// as e^r - 1, it is exact to the last bits near r = 0, which tanh needs.
// q is evaluated in Estrin's scheme (pairs, then powers r^2 and r^4): a
// chain of 4 dependent multiply-adds instead of Horner's 10, which is what
// limits these loops (tanh 1.82 -> 1.37 ns per double here).
KERNEL double expm1_reduced_f64(double r) {
    double r2 = r * r, r4 = r2 * r2;
    double q01 = 1.6666666666666669e-01 * r + 5.0000000000000011e-01;
    double q23 = 8.3333333333300650e-03 * r + 4.1666666666624164e-02;
    double q45 = 1.9841269863040545e-04 * r + 1.3888888917196719e-03;
    double q67 = 2.7557268480310024e-06 * r + 2.4801521322368692e-05;
    double q89 = 2.5100375832561234e-08 * r + 2.7620075879983367e-07;
    double q03 = q23 * r2 + q01;
    double q49 = (q89 * r2 + q67) * r2 + q45;
    double q = q49 * r4 + q03;
    return (q * r) * r + r;
}

// e^x = 2^k e^r with k = round(x / ln2) and r = x - k ln2, ln2 split into a
// high part (k * high is exact) and a low correction. Adding 1.5 * 2^52
// rounds x / ln2 to an integer that lands in the low mantissa bits, so k
// needs no float-to-integer conversion (which AVX2 lacks for 64-bit lanes).
// 2^k is applied in two halves so that k from -1076 to 1024 still scales
// correctly into the subnormal and overflow ranges.
KERNEL double exp_f64(double x) {
    const double shifter = 6755399441055744.0;  // 1.5 * 2^52
    double clamped = x < 710.0 ? x : 710.0;
    clamped = clamped > -746.0 ? clamped : -746.0;
    clamped = x != x ? x : clamped;
    double t = clamped * 1.4426950408889634 + shifter;
    double k = t - shifter;
    double r = (clamped - k * 6.93147180369123816490e-1) - k * 1.90821492927058770002e-10;
    int64_t ki = (int64_t)(f64_to_bits(t) - f64_to_bits(shifter));
    int64_t k1 = ki >> 1, k2 = ki - k1;
    double scale1 = bits_to_f64((uint64_t)(k1 + 1023) << 52);
    double scale2 = bits_to_f64((uint64_t)(k2 + 1023) << 52);
    return (expm1_reduced_f64(r) + 1.0) * scale1 * scale2;
}

// e^x - 1 for -1022 ln2 < x <= 0 (tanh's e^-2|x| - 1, x >= -44), as
// 2^k (e^r - 1) + (2^k - 1): no clamping, 2^k in one step (it stays a
// normal number), and for |x| < ln2/2 (k = 0) just the polynomial, so
// e^x - 1 keeps full relative accuracy as x goes to 0.
KERNEL double expm1_negative_f64(double x) {
    const double shifter = 6755399441055744.0;
    double t = x * 1.4426950408889634 + shifter;
    double k = t - shifter;
    double r = (x - k * 6.93147180369123816490e-1) - k * 1.90821492927058770002e-10;
    double scale = bits_to_f64((f64_to_bits(t) - f64_to_bits(shifter) + 1023) << 52);
    return scale * expm1_reduced_f64(r) + (scale - 1.0);
}

// The same reductions in single precision; e^r by Cephes' degree-7
// polynomial (p of degree 5), also in Estrin's scheme.
KERNEL float expm1_reduced_f32(float r) {
    float r2 = r * r;
    float p01 = 1.6666665459e-1f * r + 5.0000001201e-1f;
    float p23 = 8.3334519073e-3f * r + 4.1665795894e-2f;
    float p45 = 1.9875691500e-4f * r + 1.3981999507e-3f;
    float p = (p45 * r2 + p23) * r2 + p01;
    return p * r2 + r;
}

KERNEL float exp_f32(float x) {
    const float shifter = 12582912.0f;  // 1.5 * 2^23
    float clamped = x < 89.0f ? x : 89.0f;
    clamped = clamped > -104.0f ? clamped : -104.0f;
    clamped = x != x ? x : clamped;
    float t = clamped * 1.44269504088896341f + shifter;
    float k = t - shifter;
    float r = (clamped - k * 0.693359375f) - k * -2.12194440e-4f;
    int32_t ki = (int32_t)(f32_to_bits(t) - f32_to_bits(shifter));
    int32_t k1 = ki >> 1, k2 = ki - k1;
    float scale1 = bits_to_f32((uint32_t)(k1 + 127) << 23);
    float scale2 = bits_to_f32((uint32_t)(k2 + 127) << 23);
    return (expm1_reduced_f32(r) + 1.0f) * scale1 * scale2;
}

// e^x - 1 for -126 ln2 < x <= 0 (tanhf's e^-2|x| - 1, x >= -18.2).
KERNEL float expm1_negative_f32(float x) {
    const float shifter = 12582912.0f;
    float t = x * 1.44269504088896341f + shifter;
    float k = t - shifter;
    float r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
    float scale = bits_to_f32((f32_to_bits(t) - f32_to_bits(shifter) + 127) << 23);
    return scale * expm1_reduced_f32(r) + (scale - 1.0f);
}

// tanh |x| = -u / (2 + u) with u = e^-2|x| - 1 in (-1, 0], and the sign
// of x put back (so tanh(-0) = -0). u is accurate relative to itself down
// to x = 0, so there is no cancellation anywhere and no separate formula
// near zero. |x| is capped at 22 in double and 9.1 in float, where tanh
// already rounds to 1 (NaN becomes the cap there and is put back at the
// end).
KERNEL double tanh_f64(double x) {
    double a = __builtin_fabs(x);
    a = a < 22.0 ? a : 22.0;
    double u = expm1_negative_f64(-2.0 * a);
    double magnitude = -u / (2.0 + u);
    return x != x ? x : __builtin_copysign(magnitude, x);
}

KERNEL float tanh_f32(float x) {
    float a = __builtin_fabsf(x);
    a = a < 9.1f ? a : 9.1f;
    float u = expm1_negative_f32(-2.0f * a);
    float magnitude = -u / (2.0f + u);
    return x != x ? x : __builtin_copysignf(magnitude, x);
}

// sigma(x) = 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) below, both from
// e = e^-|x|, so no exponent is positive and nothing overflows.
KERNEL double logistic_f64(double x) {
    double e = exp_f64(-__builtin_fabs(x));
    return (x >= 0.0 ? 1.0 : e) / (1.0 + e);
}

KERNEL float logistic_f32(float x) {
    float e = exp_f32(-__builtin_fabsf(x));
    return (x >= 0.0f ? 1.0f : e) / (1.0f + e);
}

// log x = k ln2 + log(1 + f) with x = 2^k (1 + f), 1 + f in [sqrt(2)/2,
// sqrt(2)), and log(1 + f) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R(s^2)),
// s = f / (2 + f): fdlibm's e_log.c (Sun Microsystems, 1993; as in musl),
// error below 1 ulp, with its branches made selects. The exponent is moved
// so that the mantissa lands in that interval by one integer addition, and
// k becomes a double through the 2^52 bit pattern (AVX2 has no 64-bit
// integer conversion). Subnormals are first scaled by 2^54.
KERNEL double log_f64(double x) {
    const double two52 = 4503599627370496.0;
    int subnormal = x < 2.2250738585072014e-308;
    double scaled = subnormal ? x * 18014398509481984.0 : x;  // 2^54
    uint64_t bits = f64_to_bits(scaled) + (0x3ff0000000000000ULL - 0x3fe6a09e00000000ULL);
    double exponent = bits_to_f64(0x4330000000000000ULL | (bits >> 52)) - two52;
    double k = exponent - (subnormal ? 1023.0 + 54.0 : 1023.0);
    double f = bits_to_f64((bits & 0x000fffffffffffffULL) + 0x3fe6a09e00000000ULL) - 1.0;
    double s = f / (2.0 + f);
    double z = s * s, w = z * z;
    // R(z) = Lg1 z + Lg2 z^2 + ... + Lg7 z^7, split into odd and even powers.
    double t1 = w * (3.999999999940941908e-01
                     + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    double t2 = z * (6.666666666666735130e-01
                     + w * (2.857142874366239149e-01
                            + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    double half_f2 = 0.5 * f * f;
    double result = s * (half_f2 + t1 + t2) + k * 1.90821492927058770002e-10 - half_f2 + f
                    + k * 6.93147180369123816490e-01;
    result = x == __builtin_inf() ? x : result;
    result = x == 0.0 ? -__builtin_inf() : result;
    result = x < 0.0 ? __builtin_nan("") : result;
    return x != x ? x : result;
}

// The same in single precision (fdlibm's e_logf.c, Lg1-Lg4).
KERNEL float log_f32(float x) {
    int subnormal = x < 1.17549435e-38f;
    float scaled = subnormal ? x * 33554432.0f : x;  // 2^25
    uint32_t bits = f32_to_bits(scaled) + (0x3f800000U - 0x3f3504f3U);
    float k = (float)((int32_t)(bits >> 23) - (subnormal ? 127 + 25 : 127));
    float f = bits_to_f32((bits & 0x007fffffU) + 0x3f3504f3U) - 1.0f;
    float s = f / (2.0f + f);
    float z = s * s, w = z * z;
    float t1 = w * (0.40000972152f + w * 0.24279078841f);
    float t2 = z * (0.66666662693f + w * 0.28498786688f);
    float half_f2 = 0.5f * f * f;
    float result =
        s * (half_f2 + t1 + t2) + k * 9.0580006145e-06f - half_f2 + f + k * 6.9313812256e-01f;
    result = x == __builtin_inff() ? x : result;
    result = x == 0.0f ? -__builtin_inff() : result;
    result = x < 0.0f ? __builtin_nanf("") : result;
    return x != x ? x : result;
}

// Per thread: a test or benchmark that forces the baseline code on its own
// thread must not change the rounding of a training run on another (the
// two code paths differ in the last bits, and resumed runs are compared
// bit for bit).
static _Thread_local int allows_avx2 = 1;

void perceptron_vector_math_allow_avx2(int allow) { allows_avx2 = allow; }

#if defined(__x86_64__)
#define AVX2_FMA __attribute__((target("avx2,fma")))
int perceptron_vector_math_uses_avx2(void) {
    return allows_avx2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
#define AVX2_FMA
int perceptron_vector_math_uses_avx2(void) { return 0; }
#endif

// One in-place loop per function and instruction set, and the public entry
// point that picks between them. The AVX2 loop handles four vectors per
// iteration: the kernels are long dependency chains, and independent ones
// keep both FMA units busy (tanh 1.41 -> 1.37 ns, exp 1.21 -> 1.05 ns per
// double here against two).
#define PERCEPTRON_MAP(name, type, kernel)                                           \
    AVX2_FMA static void name##_avx2(type *x, long count) {                          \
        _Pragma("clang loop interleave_count(4)")                                    \
        for (long i = 0; i < count; i++) x[i] = kernel(x[i]);                         \
    }                                                                                \
    static void name##_baseline(type *x, long count) {                               \
        _Pragma("clang loop vectorize(enable)")                                      \
        for (long i = 0; i < count; i++) x[i] = kernel(x[i]);                         \
    }                                                                                \
    void name(type *x, long count) {                                                 \
        if (perceptron_vector_math_uses_avx2()) name##_avx2(x, count);               \
        else name##_baseline(x, count);                                              \
    }

PERCEPTRON_MAP(perceptron_tanh_f64, double, tanh_f64)
PERCEPTRON_MAP(perceptron_tanh_f32, float, tanh_f32)
PERCEPTRON_MAP(perceptron_exp_f64, double, exp_f64)
PERCEPTRON_MAP(perceptron_exp_f32, float, exp_f32)
PERCEPTRON_MAP(perceptron_log_f64, double, log_f64)
PERCEPTRON_MAP(perceptron_log_f32, float, log_f32)
PERCEPTRON_MAP(perceptron_logistic_f64, double, logistic_f64)
PERCEPTRON_MAP(perceptron_logistic_f32, float, logistic_f32)

int perceptron_all_finite_f64(const double *x, long count) {
    uint64_t nonFinite = 0;
    for (long i = 0; i < count; i++) {
        uint64_t bits = f64_to_bits(x[i]);
        nonFinite |= (bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull;
    }
    return nonFinite == 0;
}

int perceptron_all_finite_f32(const float *x, long count) {
    uint32_t nonFinite = 0;
    for (long i = 0; i < count; i++) {
        uint32_t bits = f32_to_bits(x[i]);
        nonFinite |= (bits & 0x7f800000u) == 0x7f800000u;
    }
    return nonFinite == 0;
}
