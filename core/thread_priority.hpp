#pragma once
// CPU priority of background threads. The bot's loop acknowledges Slack's
// envelopes against a 3 s deadline and aims for well under 10 ms; threads
// doing work nobody waits on that closely (dashboard pages, WAL
// checkpoints) yield the CPU to it whenever both want one, and still use
// every cycle it leaves idle.

namespace core {

// The niceness background threads take: with the kernel's fair scheduler a
// thread at +10 weighs about a tenth of one at 0, so a loop thread woken by
// an envelope preempts it at once instead of waiting out its time slice.
inline constexpr int kBackgroundNice = 10;

// Names the calling thread (`top -H`, `ps -L`, /proc/<pid>/task/*/comm;
// up to 15 characters) and lowers its priority to `nice` (on
// Linux niceness is per thread; a thread already lower is left alone).
// Lowering needs no privilege; a failure leaves the thread as it was and is
// harmless, so it is not reported.
void become_background_thread(const char* name, int nice = kBackgroundNice);

}  // namespace core
