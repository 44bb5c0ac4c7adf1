#include "stop_signals.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

// The first signal received; lock-free, so the handler may store into it.
static atomic_int first_signal = 0;
static char notice_text[512];
static size_t notice_length = 0;

static void handle_stop_signal(int signal_number) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&first_signal, &expected, signal_number)) {
        _exit(128 + signal_number);
    }
    if (notice_length > 0) {
        ssize_t ignored = write(STDERR_FILENO, notice_text, notice_length);
        (void)ignored;
    }
}

int perceptron_stop_on_signals(const char *notice) {
    notice_length = strlen(notice);
    if (notice_length >= sizeof notice_text) notice_length = sizeof notice_text - 1;
    memcpy(notice_text, notice, notice_length);

    const int signals[] = {SIGINT, SIGTERM};
    sigset_t unblocked;
    sigemptyset(&unblocked);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction current;
        if (sigaction(signals[i], NULL, &current) != 0) return errno;
        if (current.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = handle_stop_signal;
        action.sa_flags = SA_RESTART;
        sigemptyset(&action.sa_mask);
        if (sigaction(signals[i], &action, NULL) != 0) return errno;
        sigaddset(&unblocked, signals[i]);
    }
    // A process inherits its parent's blocked signals (a test runner's
    // thread may block SIGTERM); blocked here, a signal would wait forever.
    return pthread_sigmask(SIG_UNBLOCK, &unblocked, NULL);
}

int perceptron_stop_signal(void) { return atomic_load(&first_signal); }
