// libFuzzer's driver, which a fuzz target's main calls with its test
// function (libFuzzer's own main cannot be used: SwiftPM links an
// executable's main to the module's entry point).
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line `argc`, `argv` on `test`, which
/// gets each input's bytes; returns the process's exit status.
int perceptron_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));
