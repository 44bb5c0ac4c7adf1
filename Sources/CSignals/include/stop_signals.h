// Handlers for the signals that ask a process to stop (SIGINT: Ctrl-C;
// SIGTERM: kill, a batch scheduler's time limit), written in C because a
// signal handler may only do what is async-signal-safe (POSIX.1-2017,
// section 2.4.3): store into a lock-free atomic, write(2), _exit(2). Swift
// code cannot promise that (its globals are initialized lazily, its
// strings allocate).
#ifndef PERCEPTRON_STOP_SIGNALS_H
#define PERCEPTRON_STOP_SIGNALS_H

/// Installs the handlers for SIGINT and SIGTERM (with SA_RESTART, so that
/// reads and writes in progress are not cut short) and unblocks both in
/// the calling thread. The first of them is recorded and `notice`
/// (copied, up to 511 bytes) is written to standard error; a second one
/// ends the process at once with _exit(128 + signal), the status a shell
/// gives a process the signal killed. A signal whose disposition is
/// SIG_IGN (a job started in the background by a non-interactive shell,
/// or under nohup) stays ignored, as the shell meant.
///
/// Returns 0, or the errno of the sigaction call that failed.
int perceptron_stop_on_signals(const char *notice);

/// The first stop signal received (SIGINT or SIGTERM), or 0.
int perceptron_stop_signal(void);

#endif
