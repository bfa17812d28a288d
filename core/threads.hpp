#pragma once
// The bot's own threads: each named, so that `top -H`, `ps -L` and
// /proc/<pid>/task/*/comm tell them apart, and the background ones at the
// lowest CPU priority. The bot's loop acknowledges Slack's envelopes against
// a 3 s deadline and aims for well under 10 ms; a thread doing work nobody
// waits on that closely (a dashboard page) yields the CPU to it whenever
// both want one, and still uses every cycle the loop leaves idle.

namespace core {

// The niceness background threads take, shown by `top` and `ps`. With the
// kernel's fair scheduler a thread at +10 weighs about a tenth of one at 0;
// they are also put in the SCHED_IDLE class (below), which weighs less still
// and, more to the point, is preempted the moment a normal thread such as the
// loop wakes, instead of after its slice.
inline constexpr int kBackgroundNice = 10;

// Names the calling thread (up to 15 characters; a longer name is refused
// and the thread keeps the one it had). A failure is harmless, so it is not
// reported.
void name_this_thread(const char* name);

// Names the calling thread, lowers its niceness to `nice` (on Linux
// niceness is per thread; a thread already lower is left alone) and moves it
// to the SCHED_IDLE scheduling class. Neither needs a privilege; a failure
// leaves the thread as it was and is harmless, so it is not reported. Such a
// thread must not hold a lock the loop waits for over anything slow: it may
// sit preempted while it holds one.
void become_background_thread(const char* name, int nice = kBackgroundNice);

// Names the calling thread and lowers its niceness to `nice`, in the normal
// scheduling class: the loop wins a CPU both want, yet the thread is never
// starved by busy threads elsewhere, so a lock it holds is soon released.
// For work that takes locks the loop may wait for (bot/work_thread).
void become_lower_priority_thread(const char* name, int nice = kBackgroundNice);

}  // namespace core
