#include "core/threads.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace core {

void name_this_thread(const char* name) {
    (void)pthread_setname_np(pthread_self(), name);
}

void become_lower_priority_thread(const char* name, int nice) {
    name_this_thread(name);
    // PRIO_PROCESS with a thread id changes that thread only (Linux).
    const auto tid = static_cast<id_t>(gettid());
    const int now = getpriority(PRIO_PROCESS, tid);
    if (now < nice) (void)setpriority(PRIO_PROCESS, tid, nice);
}

void become_background_thread(const char* name, int nice) {
    become_lower_priority_thread(name, nice);
    const auto tid = static_cast<id_t>(gettid());
    // A thread id with sched_setscheduler also changes that thread only.
    const sched_param idle{};
    (void)sched_setscheduler(static_cast<pid_t>(tid), SCHED_IDLE, &idle);
}

}  // namespace core
