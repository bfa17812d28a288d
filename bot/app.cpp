#include "bot/app.hpp"

#include <atomic>
#include <cstdio>
#include <future>
#include <random>
#include <thread>

#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/alert_intake.hpp"
#include "bot/build_info.hpp"
#include "bot/cli.hpp"
#include "bot/command_lanes.hpp"
#include "bot/declare_modal.hpp"
#include "bot/ops_endpoints.hpp"
#include "bot/required_scopes.hpp"
#include "bot/role_buttons.hpp"
#include "bot/router.hpp"
#include "bot/slash_commands.hpp"
#include "bot/user_directory.hpp"
#include "bot/work_thread.hpp"
#include "http/server.hpp"
#include "metrics/bot_metrics.hpp"
#include "storage/checkpointer.hpp"
#include "storage/commit_barrier.hpp"
#include "storage/database.hpp"
#include "storage/dialect.hpp"
#include "storage/postgres/wal_flush.hpp"
#include "storage/read_gate.hpp"
#include "storage/schedule.hpp"

namespace bot {

// What handles envelopes on one connection: the loop's, or a lane's.
struct App::Handlers {
    std::unique_ptr<SlashCommands> slash_commands;
    std::unique_ptr<RoleButtons> role_buttons;
    std::unique_ptr<ViewSubmissions> view_submissions;
    std::unique_ptr<TimelineMarks> timeline_marks;
    std::unique_ptr<Router> router;
};

// A thread of the bot's own, and what it uses there: a database connection,
// a Web API client and a user directory of its own (the Slack work's, a
// lane's). Destroyed after what runs on it, and after the thread stopped.
struct App::OwnThread {
    std::unique_ptr<WorkThread> thread;
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<slack::WebApi> web;
    std::unique_ptr<UserDirectory> users;
};

// A lane (bot/command_lanes.hpp): its own thread and on it the handlers.
// The bot's user id is the lane's copy, set on its thread once Slack has
// said it.
struct App::Lane {
    OwnThread own;
    std::string bot_user_id;
    Handlers handlers;
    // Its thread stops first: nothing built on it runs while it goes.
    ~Lane() {
        if (own.thread) own.thread->stop();
    }
};

// Built once the database is open; destroyed in reverse order of declaration.
struct App::Parts {
    std::shared_ptr<metrics::BotMetrics> metrics;
    std::unique_ptr<storage::Database> db;
    // The dashboard's reads step aside for the checkpointer's log restarts.
    std::shared_ptr<storage::ReadGate> readers = std::make_shared<storage::ReadGate>();
    std::unique_ptr<storage::Checkpointer> checkpointer;
    std::unique_ptr<storage::CommitBarrier> commits;
    std::unique_ptr<slack::WebApi> web;
    std::unique_ptr<UserDirectory> users;
    // The outbox and the scheduler: on a thread of their own with their own
    // connection, Web API client and user directory; or on the loop with
    // the loop's (the work_* below then name the loop's own).
    std::unique_ptr<OwnThread> work;
    WorkThread* work_thread() { return work ? work->thread.get() : nullptr; }
    // Set by the socket while envelopes wait to be read (for work_thread).
    std::shared_ptr<std::atomic<bool>> reading = std::make_shared<std::atomic<bool>>(false);
    storage::Database& work_db() { return work ? *work->db : *db; }
    slack::WebApi& work_web() { return work ? *work->web : *web; }
    UserDirectory& work_users() { return work ? *work->users : *users; }
    std::unique_ptr<OutboxWorker> worker;
    std::unique_ptr<Scheduler> scheduler;
    // The envelopes' handlers: in lanes of their own with PostgreSQL, else
    // on the loop with its connection.
    Handlers handlers;
    std::vector<std::unique_ptr<Lane>> lanes;
    std::shared_ptr<std::atomic<std::size_t>> in_lanes =
        std::make_shared<std::atomic<std::size_t>>(0);
    std::unique_ptr<CommandLanes> command_lanes;
    std::unique_ptr<slack::SocketModeClient> socket;
    std::unique_ptr<AlertIntake> alerts;
    std::unique_ptr<Dashboard> dashboard;
    std::unique_ptr<OpsEndpoints> ops;
    std::unique_ptr<ops_http::Server> http;
    std::unique_ptr<boost::asio::steady_timer> identify_retry;
    int identify_attempts = 0;
};

App::App(boost::asio::io_context& io, Config config, core::Clock& clock,
         std::shared_ptr<spdlog::logger> logger, AppOptions options)
    : io_(io),
      config_(std::move(config)),
      clock_(clock),
      log_(std::move(logger)),
      options_(std::move(options)) {}

App::~App() {
    if (!parts_) return;
    // Reverse order of building: the listener and the socket stop calling handlers first.
    parts_->http.reset();
    parts_->ops.reset();
    parts_->alerts.reset();
    parts_->socket.reset();
    parts_->command_lanes.reset();
    parts_->lanes.clear();  // each stops its thread, then what ran on it goes
    parts_->handlers = {};
    // The Slack work's thread stops before what runs on it goes.
    if (parts_->work_thread()) parts_->work_thread()->stop();
    parts_->scheduler.reset();
    parts_->worker.reset();
    parts_->work.reset();
    parts_->users.reset();
    parts_->web.reset();
    parts_->commits.reset();
    parts_->checkpointer.reset();
    parts_->db.reset();
}

// Names this process in the outbox's and the timers' claims: host and pid,
// plus a random part so that a restarted replica with a recycled pid never
// mistakes its predecessor's claims for its own.
std::string App::replica_id() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    std::random_device random;
    char suffix[9];
    std::snprintf(suffix, sizeof suffix, "%08x", random());
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + suffix;
}

core::Result<bool> App::start() {
    storage::DatabaseOptions db_options;
    db_options.logger = log_;
    db_options.auto_checkpoint = false;  // the Checkpointer's thread does it
    db_options.replica_id = replica_id();
    db_options.lease = config_.lease;
    // PostgreSQL: a commit does not wait for the server's disk on the loop;
    // with DB_SYNC=full the barrier below flushes before any ack.
    db_options.async_commit = true;
    // The Slack work's connection (timers, outbox) may wait its turn on an
    // incident's row; a command's has an ack to send. Waiting past the ack's
    // deadline, it would be acked empty and its person told nothing, whether
    // it went through later or not. A fifth of the deadline (half a second)
    // is left for the rollback and the ack with "nothing changed, try again".
    // On SQLite the loop's one connection also runs the Slack work, whose
    // wait for the same lock may come just before the command's: two fifths
    // (1 s) each.
    auto command_db_options = db_options;
    command_db_options.lock_wait =
        options_.socket.ack_deadline *
        (storage::dialect::is_postgres_target(config_.db_target()) ? 4 : 2) / 5;
    auto db = storage::Database::open(config_.db_target(), command_db_options);
    // A file SQLite cannot open (or one that is not a database) is the
    // setting's fault, not an outage that a restart would outlast.
    if (!db && db.error().code == "db_open_failed")
        return core::make_error("bad_config", config_.db_variable + ": " + db.error().message);
    if (!db) return db.error();
    const bool sqlite = db.value()->dialect() == storage::Dialect::Sqlite;
    parts_ = std::make_unique<Parts>();
    auto& p = *parts_;
    p.metrics = std::make_shared<metrics::BotMetrics>(
        metrics::BuildInfo{kVersion, std::string(git_commit())}, clock_);
    p.db = std::move(db.value());
    // PostgreSQL checkpoints its own log.
    if (sqlite)
        p.checkpointer = std::make_unique<storage::Checkpointer>(
            config_.db_path, std::chrono::seconds(1), log_, p.readers);
    auto synced = [metrics = p.metrics](std::chrono::nanoseconds took, std::size_t commits) {
        metrics->commit_synced(took, commits);
    };
    if (sqlite || config_.db_sync != storage::SyncMode::Full) {
        p.commits = std::make_unique<storage::CommitBarrier>(
            io_, sqlite ? config_.db_path : std::string(":memory:"), config_.db_sync, log_,
            std::move(synced));
    } else {
        try {
            p.commits = std::make_unique<storage::CommitBarrier>(
                io_, storage::postgres::wal_flush(config_.db_url, db_options.replica_id, log_),
                log_, std::move(synced));
        } catch (const storage::DatabaseUnavailable& e) {
            return core::make_error("db_unreachable", e.what());
        }
    }

    auto web_options = options_.web;
    web_options.api_url = config_.api_url;
    web_options.bot_token = config_.bot_token;
    web_options.app_token = config_.app_token;
    web_options.telemetry = p.metrics;
    p.web = std::make_unique<slack::WebApi>(io_, log_, std::move(web_options));

    p.users = std::make_unique<UserDirectory>(*p.db, *p.web, clock_, log_);
    boost::asio::io_context* work_io = &io_;
    if (options_.slack_work_thread.value_or(!sqlite) && config_.db_target() != ":memory:") {
        auto work =
            open_own_thread(WorkThread::kSlackWork, WorkThread::Priority::Lower, db_options);
        if (!work) return work.error();
        p.work = std::make_unique<OwnThread>(std::move(work.value()));
        work_io = &p.work_thread()->io();
    }
    auto outbox_options = options_.outbox;
    outbox_options.events = p.metrics.get();
    outbox_options.announce_channel = config_.announce_channel;
    outbox_options.announce_updates = config_.announce_updates;
    p.worker = std::make_unique<OutboxWorker>(p.work_db(), p.work_web(), p.work_users(), clock_,
                                              config_.runbook, log_, std::move(outbox_options));
    auto scheduler_options = options_.scheduler;
    scheduler_options.events = p.metrics.get();
    // Other replicas add timers and outbox rows this one hears nothing of,
    // and one that dies leaves its claims behind: look every second.
    if (!sqlite)
        scheduler_options.max_sleep =
            std::min(scheduler_options.max_sleep, std::chrono::seconds(1));
    // The outbox's calls wait while envelopes wait to be acked. Sharing the
    // loop, the scheduler asks the socket (made below; the scheduler first
    // runs once it exists); on a thread of its own, it reads the flag the
    // socket keeps for other threads.
    if (p.work_thread())
        scheduler_options.envelopes_waiting = [reading = p.reading, in_lanes = p.in_lanes] {
            return reading->load(std::memory_order_relaxed) ||
                   in_lanes->load(std::memory_order_relaxed) > 0;
        };
    else
        scheduler_options.envelopes_waiting = [&p] {
            return p.socket && p.socket->envelopes_waiting();
        };
    p.scheduler = std::make_unique<Scheduler>(*work_io, p.work_db(), clock_, config_.runbook,
                                              *p.worker, log_, scheduler_options);
    const std::size_t lanes = config_.db_target() == ":memory:" ? 0
                              : options_.command_lanes.value_or(!sqlite && config_.db_pool_size > 0)
                                  ? std::max<std::size_t>(config_.db_pool_size, 1)
                                  : 0;
    std::vector<CommandLanes::Lane> lane_routers;
    for (std::size_t i = 0; i < lanes; ++i) {
        auto own = open_own_thread("commands-" + std::to_string(i + 1), WorkThread::Priority::Loop,
                                   command_db_options);
        if (!own) return own.error();
        auto lane = std::make_unique<Lane>();
        lane->own = std::move(own.value());
        auto& o = lane->own;
        lane->handlers = make_handlers(*o.db, *o.web, *o.users, lane->bot_user_id);
        lane_routers.push_back({&o.thread->io(), lane->handlers.router.get()});
        p.lanes.push_back(std::move(lane));
    }
    if (lanes == 0) p.handlers = make_handlers(*p.db, *p.web, *p.users, bot_user_id_);
    auto socket_options = options_.socket;
    socket_options.telemetry = p.metrics;
    if (p.work_thread()) socket_options.reading = p.reading;
    p.socket = std::make_unique<slack::SocketModeClient>(io_, *p.web, clock_, log_, socket_options);
    if (lanes == 0) {
        p.handlers.router->attach(*p.socket);
    } else {
        p.command_lanes = std::make_unique<CommandLanes>(std::move(lane_routers), p.in_lanes);
        p.command_lanes->attach(*p.socket);
        for (auto& lane : p.lanes) lane->own.thread->start();
    }
    p.socket->on_fatal([this](const core::Error& error) {
        if (on_fatal_) on_fatal_(error);
    });
    if (config_.http_enabled) {
        if (auto listening = start_http(); !listening) return listening.error();
    }
    if (p.work_thread()) p.work_thread()->start();
    boost::asio::post(io_, [this] {
        identify();
        // Envelopes are read once the timers are recomputed: a command
        // never races the start's pass over the open incidents.
        on_slack_work([this] {
            parts_->scheduler->start();
            boost::asio::post(io_, [this] {
                if (parts_) parts_->socket->start();
            });
        });
    });
    return true;
}

core::Result<App::OwnThread> App::open_own_thread(std::string name, WorkThread::Priority priority,
                                                  const storage::DatabaseOptions& db_options) {
    OwnThread own;
    own.thread = std::make_unique<WorkThread>(log_, std::move(name), priority);
    auto db = storage::Database::open(config_.db_target(), db_options);
    if (!db) return db.error();
    own.db = std::move(db.value());
    own.web = std::make_unique<slack::WebApi>(own.thread->io(), log_, parts_->web->options());
    own.users = std::make_unique<UserDirectory>(*own.db, *own.web, clock_, log_);
    return own;
}

App::Handlers App::make_handlers(storage::Database& db, slack::WebApi& web, UserDirectory& users,
                                 const std::string& bot_user_id) {
    auto& p = *parts_;
    Handlers h;
    h.slash_commands =
        std::make_unique<SlashCommands>(db, *p.commits, web, clock_, config_.runbook, users,
                                        *p.scheduler, log_, bot_user_id, p.metrics.get());
    h.role_buttons =
        std::make_unique<RoleButtons>(db, *p.commits, web, clock_, config_.runbook, *p.scheduler,
                                      log_, bot_user_id, p.metrics.get());
    const CommsSettings comms{config_.status_page_url, !config_.announce_channel.empty(),
                              config_.announce_updates};
    h.slash_commands->set_comms(comms);
    h.role_buttons->set_comms(comms);
    h.view_submissions =
        std::make_unique<ViewSubmissions>(db, *p.commits, web, clock_, config_.runbook,
                                          *p.scheduler, log_, bot_user_id, p.metrics.get());
    h.view_submissions->set_announcing({comms.announce_channel, comms.announce_updates});
    h.timeline_marks = std::make_unique<TimelineMarks>(db, *p.commits, clock_, *p.scheduler, log_,
                                                       bot_user_id, config_.timeline_reaction);
    h.router = std::make_unique<Router>(*h.slash_commands, *h.role_buttons, *h.view_submissions,
                                        *h.timeline_marks, log_);
    return h;
}

void App::on_slack_work(std::function<void()> work) {
    if (parts_->work_thread())
        boost::asio::post(parts_->work_thread()->io(), std::move(work));
    else
        work();
}

core::Result<bool> App::start_http() {
    auto& p = *parts_;
    p.alerts = std::make_unique<AlertIntake>(
        *p.db, *p.commits, clock_, config_, *p.scheduler, p.metrics.get(), log_, bot_user_id_,
        [metrics = p.metrics](std::string_view outcome) { metrics->alert_webhook(outcome); });
    // The dashboard reads through connections of its own, on two threads of
    // its own: a slow page never waits for another, nor delays an ack.
    storage::DatabaseOptions dashboard_db;
    dashboard_db.logger = log_;
    dashboard_db.auto_checkpoint = false;  // it only reads; the Checkpointer checkpoints
    std::vector<std::unique_ptr<storage::Database>> connections;
    for (int i = 0; i < 2; ++i) {
        auto db = storage::Database::open(config_.db_target(), dashboard_db);
        if (!db) return db.error();
        connections.push_back(std::move(db.value()));
    }
    p.dashboard =
        std::make_unique<Dashboard>(config_, std::move(connections), p.readers, clock_, io_, log_);
    p.ops = std::make_unique<OpsEndpoints>(
        config_, *p.db, *p.metrics, *p.alerts, *p.dashboard,
        [this] { return parts_->socket->connected(); }, log_);
    ops_http::Limits limits;
    limits.body_bytes = config_.http_max_body;
    limits.max_connections = config_.http_max_connections;
    limits.read_timeout = config_.http_read_timeout;
    p.http = std::make_unique<ops_http::Server>(
        io_, limits,
        [ops = p.ops.get()](const ops_http::Request& request, ops_http::Responder respond) {
            ops->handle(request, std::move(respond));
        },
        log_);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(config_.http_host, ec);
    if (ec) return core::make_error("http_listen", "HTTP_ADDR: bad address " + config_.http_host);
    auto listening = p.http->listen({address, config_.http_port});
    if (!listening && config_.http_addr_default) {
        // Nobody asked for this port: Slack's side does not depend on it,
        // and an incident bot that stays down for want of its metrics port
        // helps nobody. Said once, loudly, with what to do.
        log_->warn(
            "{}; running without the operations listener (/healthz, /readyz, /metrics, "
            "/alertmanager, the dashboard): set HTTP_ADDR to a free host:port, or to off",
            listening.error().message);
        p.http.reset();
        return true;
    }
    if (!listening)
        return core::make_error("http_listen", "HTTP_ADDR: " + listening.error().message);
    log_->info("operations listener on http://{}:{} (/healthz /readyz /metrics /alertmanager)",
               config_.http_host, p.http->port());
    log_->info("dashboard on http://{}:{}/ (JSON API under /api/v1/, see /api/v1/openapi.json)",
               config_.http_host, p.http->port());
    return true;
}

// auth.test: the bot's own user id, which keeps roles from being given to
// the bot and lets a retried conversations.create adopt its own channel.
void App::identify() {
    parts_->web->call(
        std::string(method::kAuthTest), nlohmann::json::object(),
        [this](core::Result<nlohmann::json> result) {
            if (!parts_) return;
            if (result) {
                bot_user_id_ = result->value("user_id", std::string{});
                if (parts_->dashboard)
                    parts_->dashboard->set_team_id(result->value("team_id", std::string{}));
                on_slack_work([this, id = bot_user_id_] { parts_->worker->set_bot_user_id(id); });
                for (auto& lane : parts_->lanes)
                    boost::asio::post(
                        lane->own.thread->io(),
                        [lane = lane.get(), id = bot_user_id_] { lane->bot_user_id = id; });
                log_->info("Slack knows this bot as {} in {}", bot_user_id_,
                           result->value("team", std::string("its workspace")));
                return;
            }
            const auto& code = result.error().code;
            if (code == "invalid_auth" || code == "not_authed" || code == "token_revoked" ||
                code == "account_inactive") {
                if (on_fatal_)
                    on_fatal_(
                        core::make_error(code, "Slack refused SLACK_BOT_TOKEN (" + code +
                                                   "): use the Bot User OAuth Token (xoxb-…) of "
                                                   "the installed app"));
                return;
            }
            // Not fatal: the bot works without knowing itself, less safely.
            const auto delay =
                std::chrono::seconds(std::min(300, 5 << std::min(parts_->identify_attempts++, 6)));
            log_->warn("auth.test failed ({}); asking again in {}s", code, delay.count());
            parts_->identify_retry = std::make_unique<boost::asio::steady_timer>(io_, delay);
            parts_->identify_retry->async_wait([this](boost::system::error_code ec) {
                if (!ec && parts_) identify();
            });
        });
}

void App::stop(std::function<void()> done) {
    if (!parts_) return done();
    if (parts_->http) parts_->http->stop();
    on_slack_work([this] { parts_->scheduler->stop(); });
    if (parts_->identify_retry) parts_->identify_retry->cancel();
    parts_->socket->stop(std::move(done));
}

void App::on_fatal(std::function<void(const core::Error&)> callback) {
    on_fatal_ = std::move(callback);
}

bool App::idle() {
    if (!parts_) return true;
    auto& p = *parts_;
    const auto work_idle = [&p] {
        return p.scheduler->idle() && p.work_web().pending() == 0 && !p.work_users().busy();
    };
    const bool loop_idle = p.web->pending() == 0 && !p.users->busy();
    if (!loop_idle || (p.command_lanes && p.command_lanes->in_flight() > 0)) return false;
    for (auto& lane : p.lanes)
        if (!lane->own.thread->call([&lane] { return lane->own.web->pending() == 0; }))
            return false;
    return p.work_thread() ? p.work_thread()->call(work_idle) : work_idle();
}

bool App::wait_until_idle(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int quiet = 0;
    while (quiet < 2) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::promise<bool> answer;
        auto future = answer.get_future();
        boost::asio::post(io_, [&] { answer.set_value(idle()); });
        if (future.wait_until(deadline) != std::future_status::ready) return false;
        quiet = future.get() ? quiet + 1 : 0;
        if (quiet < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

unsigned short App::http_port() const {
    return parts_ && parts_->http ? parts_->http->port() : 0;
}

std::optional<core::TimePoint> App::next_due_at() {
    std::promise<std::optional<core::TimePoint>> answer;
    auto future = answer.get_future();
    boost::asio::post(io_, [&] {
        try {
            answer.set_value(parts_ ? storage::Schedule(*parts_->db).next_due_at() : std::nullopt);
        } catch (const std::exception& e) {
            log_->warn("could not read the next due time: {}", e.what());
            answer.set_value(std::nullopt);
        }
    });
    if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return std::nullopt;
    return future.get();
}

const slack::SocketModeStats& App::stats() const {
    return parts_->socket->stats();
}

}  // namespace bot
