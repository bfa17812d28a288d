#pragma once
// A thread of the bot's own with an io_context of its own, for work whose
// waits are not Asio operations: libpq's statements block until the server
// answers. Two uses, both with PostgreSQL only (SQLite's statements answer in
// microseconds, so the loop has nothing to wait for, and on two cores a
// second busy thread only took CPU from the acks: README, "Running more than
// one"):
//
// - `slack-work`: the outbox's Web API calls (bot/outbox_worker.hpp) and the
//   timers (bot/scheduler.hpp), with a database connection and an HTTP pool
//   of their own (bot/app.cpp builds them on io()). An outbox turn makes
//   several statements; on the loop, an envelope arriving meanwhile waited
//   for them. The two meet only through the database, Scheduler::poke() (any
//   thread may call it) and the socket's `reading` flag, which the outbox
//   gives way to as it did on the loop. It runs at niceness 10, so that the
//   loop wins a CPU both want: at the loop's own priority, three replicas on
//   two cores acked a burst of 3,000 late in 2 runs of 8 (p50 up to 43 ms),
//   against none at niceness 10. It stays in the normal scheduling class,
//   not SCHED_IDLE like a background thread (core/threads.hpp): it takes row
//   locks the commands may wait for, and must not sit starved holding one.
// - `commands-N`: the lanes that run the envelopes' handlers
//   (bot/command_lanes.hpp), at the loop's priority: acks wait on them.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include <spdlog/logger.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace bot {

class WorkThread {
  public:
    static constexpr const char* kSlackWork = "slack-work";
    enum class Priority { Loop, Lower };

    // `name`: up to 15 characters (the kernel's limit), shown by `top -H`.
    explicit WorkThread(std::shared_ptr<spdlog::logger> logger, std::string name = kSlackWork,
                        Priority priority = Priority::Lower);
    ~WorkThread();  // stop()
    WorkThread(const WorkThread&) = delete;
    WorkThread& operator=(const WorkThread&) = delete;

    boost::asio::io_context& io() { return io_; }
    // Runs io() until stop(). What is built on io() may be used from the
    // thread only, once this is called.
    void start();
    // Stops io() and waits for the thread: handlers still queued are dropped
    // (an outbox row cut short is carried out again, as after a crash). What
    // was built on io() is then the caller's to destroy, before this object.
    void stop();
    // Runs `work` on the thread and waits for it (tests and the sandbox
    // asking whether everything has settled); before start(), or from the
    // thread itself, runs it here.
    template <class Work>
    auto call(Work work) -> decltype(work());

  private:
    void post_and_wait(std::function<void()> work);

    std::shared_ptr<spdlog::logger> log_;
    std::string name_;
    Priority priority_;
    boost::asio::io_context io_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::thread thread_;
};

template <class Work>
auto WorkThread::call(Work work) -> decltype(work()) {
    using R = decltype(work());
    if (!thread_.joinable() || io_.get_executor().running_in_this_thread()) return work();
    if constexpr (std::is_void_v<R>) {
        post_and_wait(std::move(work));
    } else {
        std::optional<R> result;
        post_and_wait([&] { result.emplace(work()); });
        return std::move(*result);
    }
}

}  // namespace bot
