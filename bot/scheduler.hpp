#pragma once
// One timer for everything that waits on time: the next due reminder,
// escalation or post-mortem nudge (storage/schedule.hpp, indexed by due time)
// and the next outbox row waiting to be retried. Thousands of open incidents
// cost one timer and two indexed reads, and those only when the time read
// last has come, or a second has passed (both times are kept between
// wake-ups). Time comes from the injected clock; a ManualClock's jumps
// (tests, sandbox) wake it at once.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/incident_writer.hpp"
#include "bot/kept_time.hpp"
#include "bot/outbox_worker.hpp"
#include "core/clock.hpp"
#include "core/runbook.hpp"
#include "storage/database.hpp"
#include "storage/schedule.hpp"

namespace bot {

struct SchedulerOptions {
    // Even with nothing due, look again this often: the system clock can jump.
    std::chrono::seconds max_sleep{300};
    int batch = 16;                          // timers fired per wake-up before yielding to the loop
    std::chrono::microseconds gather{3000};  // pokes within this long make one wake-up
    core::IncidentEvents* events = nullptr;  // told of each nudge stored
    // True while envelopes wait unread (SocketModeClient::envelopes_waiting
    // on the loop; from another thread, SocketModeOptions::reading):
    // the outbox's Slack calls, which have no deadline, wait for them to be
    // acked, which have Slack's 3 s; but never longer than outbox_yield_max
    // in a row, so that a long storm still moves Slack work along.
    std::function<bool()> envelopes_waiting;
    std::chrono::milliseconds outbox_yield_max{100};
};

class Scheduler {
  public:
    Scheduler(boost::asio::io_context& io, storage::Database& db, core::Clock& clock,
              const core::Runbook& runbook, OutboxWorker& worker,
              std::shared_ptr<spdlog::logger> logger, SchedulerOptions options = {});
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Recomputes every open incident's timers (the configuration may have
    // changed while the bot was down), then fires what is overdue: once each.
    void start();
    void stop();
    // Something changed: fire what is due, drain the outbox, re-arm. Cheap
    // to call often; calls made before the wake-up runs are merged. Any
    // thread may call it: from a thread other than the io_context's (the
    // loop's commands, when the scheduler runs on bot/work_thread),
    // the change was committed through another connection, so the next due
    // time is read again rather than learnt from this one.
    void poke();
    // Nothing is due now and no Slack call is running or ready.
    bool idle();

  private:
    void poke_here();
    void wake();
    void fire(const storage::Timer& timer, core::TimePoint now);
    void nudged(core::EventKind kind, core::TimePoint due, core::TimePoint now);
    void arm(core::TimePoint now);
    void sleep_for(std::chrono::milliseconds delay);

    static constexpr std::chrono::seconds kRetryAfterFailure{1};

    // Whether timers may be due now: the next due time as kept, lowered by
    // any timer set here since.
    bool timers_may_be_due(core::TimePoint now);
    void read_next_due(core::TimePoint now);

    boost::asio::io_context& io_;
    storage::Database& db_;
    core::Clock& clock_;
    const core::Runbook& runbook_;
    OutboxWorker& worker_;
    std::shared_ptr<spdlog::logger> log_;
    SchedulerOptions options_;
    IncidentWriter writer_;
    boost::asio::steady_timer timer_;
    boost::asio::steady_timer poke_timer_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    KeptTime next_due_;
    // When the outbox last had its turn (loop time, not the injected clock:
    // this is about sharing the loop, and a test's clock may stand still).
    std::chrono::steady_clock::time_point outbox_turn_{};
    bool poke_posted_ = false;
    std::atomic<bool> poked_elsewhere_{false};  // a poke from another thread is on its way
    core::TimePoint last_prune_{};
    core::TimePoint retry_at_{};  // no wake-up before this, after a failed one
    bool stopped_ = true;
};

}  // namespace bot
