// See include/adam_update.h. The loop is Adam.swift's, operation for
// operation; the max/min are written as Swift's (`y >= x ? y : x`,
// `y < x ? y : x`) so that even a NaN or a signed zero comes out the same.
#include "adam_update.h"
#include "vector_math.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#define AVX2_ONLY __attribute__((target("avx2")))
#else
#define AVX2_ONLY
#endif

#define ADAM_LOOP(type, sqrt_function, abs_function)                                    \
    const type beta1 = (type)c.beta1, beta2 = (type)c.beta2, epsilon = (type)c.epsilon; \
    const type step_size = (type)c.step_size, root_correction = (type)c.root_correction;\
    const type keep = (type)c.keep, scale = (type)c.clip_scale;                         \
    const type minimum = (type)c.clip_minimum, maximum = (type)c.clip_maximum;          \
    const type decay1 = 1 - beta1, decay2 = 1 - beta2;                                  \
    _Pragma("clang loop vectorize(enable)")                                             \
    for (long i = 0; i < count; i++) {                                                  \
        type scaled = g[i] * scale;                                                     \
        type raised = minimum >= scaled ? minimum : scaled;                             \
        type gi = maximum < raised ? maximum : raised;                                  \
        type mi = beta1 * m[i] + decay1 * gi;                                           \
        type vi = beta2 * v[i] + decay2 * gi * gi;                                      \
        m[i] = mi;                                                                      \
        v[i] = vi;                                                                      \
        type root = sqrt_function(abs_function(vi));                                    \
        w[i] = keep * w[i] - step_size * mi / (root * root_correction + epsilon);       \
    }

#define ADAM(name, type, sqrt_function, abs_function)                                   \
    AVX2_ONLY static void name##_avx2(type *restrict w, const type *restrict g,         \
                                      type *restrict m, type *restrict v, long count,   \
                                      perceptron_adam_constants c) {                    \
        ADAM_LOOP(type, sqrt_function, abs_function)                                    \
    }                                                                                   \
    static void name##_baseline(type *restrict w, const type *restrict g,               \
                                type *restrict m, type *restrict v, long count,         \
                                perceptron_adam_constants c) {                          \
        ADAM_LOOP(type, sqrt_function, abs_function)                                    \
    }                                                                                   \
    void name(type *w, const type *g, type *m, type *v, long count,                     \
              perceptron_adam_constants c) {                                            \
        if (perceptron_vector_math_uses_avx2()) name##_avx2(w, g, m, v, count, c);      \
        else name##_baseline(w, g, m, v, count, c);                                     \
    }

ADAM(perceptron_adam_f32, float, __builtin_sqrtf, __builtin_fabsf)
ADAM(perceptron_adam_f64, double, __builtin_sqrt, __builtin_fabs)
