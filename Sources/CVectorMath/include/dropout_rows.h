// Inverted dropout's forward pass on up to four rows of a batch at once
// (N. Srivastava et al., "Dropout: a simple way to prevent neural networks
// from overfitting", JMLR 2014). Each row has its own xoshiro256**
// generator (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number
// generators", ACM TOMS 2021); the four generators advance in lockstep in
// the lanes of one vector, since one generator alone is a chain of
// dependent operations. Compiled for AVX2 and for baseline x86-64, chosen at
// run time like the functions of vector_math.h; both give the same bits,
// those of Network/Dropout.swift's definition
// (Tests/NetworkTests/DropoutKernelTests.swift).
#ifndef PERCEPTRON_DROPOUT_ROWS_H
#define PERCEPTRON_DROPOUT_ROWS_H

#include <stdint.h>

/// For rows r < `rows` (1 to 4) of the row-major `rows x columns` arrays x,
/// a and mask, with u_j the 32-bit halves of row r's generator's words,
/// high half first (word 0's high half for column 0, its low half for
/// column 1, word 1's for columns 2 and 3, ...):
///   mask[r][j] = u_j < threshold ? scale : 0      a[r][j] = x[r][j] mask[r][j]
/// `states` holds the four generators' xoshiro256** states, word w of row
/// r's at states[4 w + r] (the words of missing rows are used but ignored;
/// they must not be all zero); it is advanced past the words drawn.
/// `threshold` is at most 2^32, where every unit is kept.
void perceptron_dropout_rows_f32(const float *x, float *a, float *mask, long rows, long columns,
                                 uint64_t *states, uint64_t threshold, float scale);
/// The same in double.
void perceptron_dropout_rows_f64(const double *x, double *a, double *mask, long rows,
                                 long columns, uint64_t *states, uint64_t threshold,
                                 double scale);

#endif
