// Adam's element-wise update (D. P. Kingma, J. Ba, "Adam: A method for
// stochastic optimization", ICLR 2015, algorithm 1), the part of a training
// step that reads and writes four vectors of every parameter. Compiled
// twice, for AVX2 (8 floats or 4 doubles per instruction) and for baseline
// x86-64, and chosen at run time like the functions of vector_math.h.
// Both evaluate exactly the formula of Optimizers/Adam.swift, in its order
// and without contracting products and sums into FMAs, so that both give
// the bits of that formula written as a plain Swift loop
// (Tests/OptimizersTests/AdamKernelTests.swift).
#ifndef PERCEPTRON_ADAM_UPDATE_H
#define PERCEPTRON_ADAM_UPDATE_H

/// The constants of one Adam update: the decays and epsilon, the step size
/// gamma_t / (1 - beta1^t), the factor 1 / sqrt(1 - beta2^t), the decay
/// factor `keep` applied to w (1 for Adam, 1 - gamma_t lambda for AdamW),
/// and the clipping g -> min(max(g * clip_scale, clip_minimum), clip_maximum).
typedef struct {
    double beta1, beta2, epsilon, step_size, root_correction, keep;
    double clip_scale, clip_minimum, clip_maximum;
} perceptron_adam_constants;

/// For 0 <= i < count, with g = clip(gradient[i]):
///   m[i] = beta1 m[i] + (1 - beta1) g
///   v[i] = beta2 v[i] + (1 - beta2) g g
///   w[i] = keep w[i] - step_size m[i] / (sqrt(|v[i]|) root_correction + epsilon)
/// The constants are rounded to float first.
void perceptron_adam_f32(float *w, const float *gradient, float *m, float *v, long count,
                         perceptron_adam_constants constants);
/// The same in double.
void perceptron_adam_f64(double *w, const double *gradient, double *m, double *v, long count,
                         perceptron_adam_constants constants);

#endif
