// Vectorized elementary functions over contiguous arrays, in place: the
// nonlinearities of a network layer (tanh, the logistic sigmoid) and the
// exponential and logarithm of softmax cross-entropy, which glibc's libm
// computes one element at a time (about 17 ns per tanh here). Each routine
// is written once as a scalar, branch-free kernel that the compiler
// vectorizes; it is compiled twice, for AVX2 + FMA (4 doubles or 8 floats
// per instruction) and for baseline x86-64, and the first is chosen at run
// time when the CPU has it.
//
// Accuracy, measured against glibc over dense sweeps of each function's
// whole range, on both code paths (Tests/TensorTests/
// ElementaryFunctionTests.swift): within 3 ulp for tanh, 2 ulp for exp and
// logistic and 1 ulp for log, in both precisions. NaN stays NaN,
// tanh(-0) = -0, exp overflows to +inf and underflows through the
// subnormals to +0, log 0 = -inf and the log of a negative number is NaN,
// as libm does.
#ifndef PERCEPTRON_VECTOR_MATH_H
#define PERCEPTRON_VECTOR_MATH_H

/// x[i] = tanh(x[i]) for 0 <= i < count.
void perceptron_tanh_f64(double *x, long count);
/// x[i] = tanh(x[i]) for 0 <= i < count.
void perceptron_tanh_f32(float *x, long count);

/// x[i] = e^x[i] for 0 <= i < count.
void perceptron_exp_f64(double *x, long count);
/// x[i] = e^x[i] for 0 <= i < count.
void perceptron_exp_f32(float *x, long count);

/// x[i] = log x[i] (natural logarithm) for 0 <= i < count.
void perceptron_log_f64(double *x, long count);
/// x[i] = log x[i] (natural logarithm) for 0 <= i < count.
void perceptron_log_f32(float *x, long count);

/// x[i] = 1 / (1 + e^-x[i]), the logistic sigmoid, for 0 <= i < count.
void perceptron_logistic_f64(double *x, long count);
/// x[i] = 1 / (1 + e^-x[i]), the logistic sigmoid, for 0 <= i < count.
void perceptron_logistic_f32(float *x, long count);

/// 1 when no x[i] (0 <= i < count) is infinite or NaN, 0 otherwise: an OR
/// over the exponent bits (all ones for an infinity or a NaN), which
/// vectorizes as integer compares.
int perceptron_all_finite_f64(const double *x, long count);
/// The same in float.
int perceptron_all_finite_f32(const float *x, long count);

/// 1 when the CPU has AVX-512 F, BW, DQ and VL (OpenBLAS's SkylakeX kernels).
int perceptron_cpu_supports_avx512(void);
/// 1 when the CPU has AVX2 and FMA (OpenBLAS's Haswell kernels).
int perceptron_cpu_supports_avx2_fma(void);

/// 1 when the AVX2 + FMA versions run on the calling thread, 0 when the
/// baseline ones do.
int perceptron_vector_math_uses_avx2(void);
/// With 0, the baseline versions run on the calling thread even where
/// AVX2 + FMA exist (to test and time them); 1 (the default) restores the
/// choice by CPU. Other threads are not affected.
void perceptron_vector_math_allow_avx2(int allow);

#endif
