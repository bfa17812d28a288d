#pragma once
// The thread the Slack work runs on, with PostgreSQL: the outbox's Web API
// calls (bot/outbox_worker.hpp) and the timers (bot/scheduler.hpp), with a
// database connection and an HTTP pool of their own (bot/app.cpp builds them
// on io()). Every statement on PostgreSQL waits for the server's answer, and
// an outbox turn makes several: on the loop, an envelope arriving meanwhile
// waited for them. Here the loop that reads and acknowledges Socket Mode
// envelopes waits only for its own commands' statements. The two meet only
// through the database, Scheduler::poke() (any thread may call it) and the
// socket's `reading` flag, which the outbox gives way to as it did on the loop.
//
// SQLite keeps them on the loop: its statements answer in microseconds, so
// the loop had nothing to wait for, and on two cores a second busy thread
// only took CPU from the acks (README, "Running more than one").
//
// It runs at niceness 10, so that the loop wins a CPU both want: at the
// loop's own priority, three replicas on two cores acked a burst of 3,000
// late in 2 runs of 8 (p50 up to 43 ms), against none at niceness 10 or on
// the loop. It stays in the normal scheduling class, not SCHED_IDLE like a
// background thread (core/threads.hpp): it takes row locks the loop's
// commands may wait for, and must not sit starved while it holds one.
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>

#include <spdlog/logger.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace bot {

class SlackWorkThread {
  public:
    static constexpr const char* kName = "slack-work";

    explicit SlackWorkThread(std::shared_ptr<spdlog::logger> logger);
    ~SlackWorkThread();  // stop()
    SlackWorkThread(const SlackWorkThread&) = delete;
    SlackWorkThread& operator=(const SlackWorkThread&) = delete;

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
    boost::asio::io_context io_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::thread thread_;
};

template <class Work>
auto SlackWorkThread::call(Work work) -> decltype(work()) {
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
