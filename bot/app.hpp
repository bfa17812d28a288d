#pragma once
// The bot assembled: database, Web API and Socket Mode clients, the router
// and its handlers, the outbox worker and the scheduler, on one io_context.
// With PostgreSQL, the handlers run in lanes of their own instead
// (bot/command_lanes.hpp), and the outbox worker and the scheduler on a
// thread of their own (bot/work_thread.hpp). run_slack (real Slack) and
// run_sandbox (the emulated Slack) build the same App; so do the tests and
// the benchmarks.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>

#include "bot/config.hpp"
#include "bot/outbox_worker.hpp"
#include "bot/scheduler.hpp"
#include "bot/work_thread.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "slack/socket_mode_client.hpp"
#include "slack/web_api.hpp"

namespace bot {

struct AppOptions {
    slack::SocketModeOptions socket;
    slack::WebApiOptions web;  // api_url and tokens are taken from the Config
    OutboxWorkerOptions outbox;
    SchedulerOptions scheduler;
    // The outbox and the timers on bot/work_thread (true), or on the
    // loop with its connection (false). Unset: on the thread with
    // PostgreSQL, on the loop with SQLite. SQLite's ":memory:" is always on
    // the loop (a second connection would open another database).
    std::optional<bool> slack_work_thread;
    // The envelopes' handlers in Config::db_pool_size lanes of their own
    // (bot/command_lanes.hpp; at least one when true), or on the loop.
    // Unset: lanes with PostgreSQL (unless DB_POOL_SIZE=0), the loop with
    // SQLite. ":memory:" is always on the loop.
    std::optional<bool> command_lanes;
};

class App {
  public:
    App(boost::asio::io_context& io, Config config, core::Clock& clock,
        std::shared_ptr<spdlog::logger> logger, AppOptions options = {});
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens the database (migrating it), then on the io_context: asks Slack
    // who the bot is, resumes timers and the outbox, connects Socket Mode.
    // Errors: the database cannot be used.
    core::Result<bool> start();
    // Clean shutdown: Socket Mode closes (owed acks go out), running Slack
    // calls get to finish (bounded); done runs on the io_context.
    void stop(std::function<void()> done);
    // Slack refused the tokens or disabled Socket Mode: the bot cannot work.
    void on_fatal(std::function<void(const core::Error&)> callback);

    // On the io_context's thread: nothing is due, running or ready to send
    // (asks the Slack work's thread, and waits for its answer).
    bool idle();
    // From any other thread (the sandbox prompt, a test): blocks until idle()
    // holds twice in a row (a finished call may just have queued the next
    // one) or `timeout` passes; false on timeout.
    bool wait_until_idle(std::chrono::milliseconds timeout);
    // From any other thread: the earliest reminder, escalation or post-mortem
    // timer (nullopt: none, or no answer within a second). The sandbox's
    // `wait` steps the clock through each, as real time would.
    std::optional<core::TimePoint> next_due_at();
    const slack::SocketModeStats& stats() const;
    // The operations listener's port (0 when HTTP_ADDR=off or before start()).
    unsigned short http_port() const;
    const std::string& bot_user_id() const { return bot_user_id_; }

  private:
    struct Parts;
    struct Handlers;
    struct OwnThread;
    struct Lane;
    // A thread named `name` with a connection, a Web API client and a user
    // directory of its own; not started. Errors: the database's.
    core::Result<OwnThread> open_own_thread(std::string name, WorkThread::Priority priority,
                                            const storage::DatabaseOptions& db_options);
    void identify();
    // The handlers of envelopes on `db` (the loop's, or a lane's).
    Handlers make_handlers(storage::Database& db, slack::WebApi& web, UserDirectory& users,
                           const std::string& bot_user_id);
    // Runs `work` where the outbox and the scheduler live: posted to their
    // thread, or here when they share the loop.
    void on_slack_work(std::function<void()> work);
    core::Result<bool> start_http();
    static std::string replica_id();

    boost::asio::io_context& io_;
    Config config_;
    core::Clock& clock_;
    std::shared_ptr<spdlog::logger> log_;
    AppOptions options_;
    std::string bot_user_id_;
    std::function<void(const core::Error&)> on_fatal_;
    std::unique_ptr<Parts> parts_;
};

}  // namespace bot
