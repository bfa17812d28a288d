#pragma once
// The bot's own threads: each named, so that `top -H`, `ps -L` and
// /proc/<pid>/task/*/comm tell them apart, and the background ones at a
// lower CPU priority. The bot's loop acknowledges Slack's envelopes against
// a 3 s deadline and aims for well under 10 ms; a thread doing work nobody
// waits on that closely (a dashboard page) yields the CPU to it whenever
// both want one, and still uses every cycle the loop leaves idle.

namespace core {

// The niceness background threads take: with the kernel's fair scheduler a
// thread at +10 weighs about a tenth of one at 0, so a loop thread woken by
// an envelope preempts it at once instead of waiting out its time slice.
inline constexpr int kBackgroundNice = 10;

// Names the calling thread (up to 15 characters; a longer name is refused
// and the thread keeps the one it had). A failure is harmless, so it is not
// reported.
void name_this_thread(const char* name);

// Names the calling thread and lowers its priority to `nice` (on Linux
// niceness is per thread; a thread already lower is left alone). Lowering
// needs no privilege; a failure leaves the thread as it was and is
// harmless, so it is not reported.
void become_background_thread(const char* name, int nice = kBackgroundNice);

}  // namespace core
