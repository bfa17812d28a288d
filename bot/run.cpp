#include "bot/run.hpp"

#include <csignal>
#include <cstdio>
#include <future>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <unistd.h>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "bot/app.hpp"
#include "bot/build_info.hpp"
#include "bot/cli.hpp"
#include "bot/logging.hpp"
#include "emulator/slack_emulator.hpp"
#include "sandbox/session.hpp"
#include "storage/database.hpp"
#include "storage/dialect.hpp"

namespace bot {

namespace net = boost::asio;

namespace {

// 2 for what a person must fix in the configuration before a restart can
// help (a bad setting, a token Slack refuses, certificates that cannot be
// read): the unit file's RestartPreventExitStatus. 1 for the rest.
int exit_code_for(const core::Error& error) {
    static const std::set<std::string, std::less<>> kFixTheSetting = {
        "bad_config",    "invalid_auth",     "not_authed",
        "token_revoked", "account_inactive", "not_allowed_token_type",
        "invalid_token", "missing_scope",    "tls_setup"};
    return kFixTheSetting.contains(error.code) ? 2 : 1;
}

}  // namespace

int run_slack(const Config& config) {
    // What stopped the bot, said as the last line on stderr: after the log's
    // thread has written out everything queued before it.
    std::optional<core::Error> stopped_by;
    {
        auto log = make_stderr_logger(config.log_level, config.log_json, /*background=*/true);
        log->info("incident-bot {} (commit {}) starting; configuration:\n{}", kVersion,
                  git_commit(), config.describe());
        net::io_context io;
        core::SystemClock clock;
        App app(io, config, clock, log);
        app.on_fatal([&](const core::Error& error) {
            log->critical("{}", error.message);
            stopped_by = error;
            app.stop([&io] { io.stop(); });
        });
        if (const auto started = app.start(); !started) {
            stopped_by = started.error();
        } else {
            net::signal_set signals(io, SIGINT, SIGTERM);
            signals.async_wait([&](const boost::system::error_code& ec, int signal) {
                if (ec) return;
                log->info("signal {}: closing the Slack connection and finishing Slack calls",
                          signal);
                app.stop([&io] { io.stop(); });
            });
            io.run();
            log->info("incident-bot stopped");
        }
    }
    if (!stopped_by) return 0;
    std::cerr << "incident-bot: " << stopped_by->message << '\n';
    return exit_code_for(*stopped_by);
}

namespace {

// The sandbox's own log: quiet on the terminal (it would interleave with the
// transcript) unless something is wrong.
std::shared_ptr<spdlog::logger> sandbox_logger(const Config& config) {
    return make_stderr_logger(std::max(config.log_level, spdlog::level::warn));
}

// A thread running an io_context until `stop`.
class LoopThread {
  public:
    LoopThread() : work_(io.get_executor()), thread_([this] { io.run(); }) {}
    ~LoopThread() { stop(); }
    void stop() {
        work_.reset();
        io.stop();
        if (thread_.joinable()) thread_.join();
    }
    net::io_context io;

  private:
    net::executor_work_guard<net::io_context::executor_type> work_;
    std::thread thread_;
};

}  // namespace

namespace {

// With no ESCALATION_SEV* set, the sandbox pages its own people, so that a
// newcomer sees escalation happen: SEV1 and SEV2 left unacknowledged page
// @bob, then @carol 15 minutes later, then @dave after 30. False when the
// configuration has escalation of its own (it is kept as given).
bool add_demo_escalation(core::Runbook& runbook, const sandbox::Session& session) {
    for (const auto& policy : runbook.escalation)
        if (!policy.empty()) return false;
    core::EscalationPolicy demo;
    for (const auto& [after, name] : sandbox::kDemoEscalation) {
        const auto id = session.user_id_of(name);
        if (!id) return false;
        demo.push_back({after, {*id}});
    }
    bool added = false;
    for (const auto severity : {core::Severity::Sev1, core::Severity::Sev2}) {
        if (!runbook.respond(severity)) continue;  // no respond-within time: nothing to escalate
        runbook.escalation[core::index(severity)] = demo;
        added = true;
    }
    return added;
}

}  // namespace

int run_sandbox(const Config& base, std::istream& in, std::ostream& out, bool interactive) {
    using namespace std::chrono;
    auto log = sandbox_logger(base);
    // Whole seconds, like Slack's timestamps: transcripts read cleanly.
    core::ManualClock clock(floor<seconds>(system_clock::now()));

    LoopThread slack_loop;
    emulator::SlackEmulator slack(slack_loop.io, clock, emulator::Options{}, *log);
    try {
        slack.listen(0);
    } catch (const std::exception& e) {
        std::cerr << "incident-bot: the sandbox could not listen on 127.0.0.1: " << e.what()
                  << '\n';
        return 1;
    }
    Config config = base;
    config.api_url = slack.api_url();
    config.app_token = slack.options().app_token;
    config.bot_token = slack.options().bot_token;
    // A newcomer sees the whole flow: every incident is announced in #incidents.
    if (config.announce_channel.empty()) config.announce_channel = "#incidents";
    // A sandbox session starts from an empty workspace: the database of an
    // earlier session names channels that no longer exist.
    try {
        storage::Database::erase(config.db_target());
    } catch (const std::exception& e) {
        std::cerr << "incident-bot: the sandbox could not empty its database "
                  << storage::dialect::redact(config.db_target()) << ": "
                  << storage::dialect::redact(e.what()) << '\n';
        return 1;
    }

    // The session seeds the workspace's people first: the demo escalation
    // below names them by id, as ESCALATION_SEV* does in a real workspace.
    App* bot = nullptr;  // once started
    sandbox::SessionOptions options;
    options.echo_input = !interactive;
    options.colour = interactive && ::isatty(STDOUT_FILENO);
    options.settle = [&] {
        if (bot) bot->wait_until_idle(seconds(10));
    };
    options.next_due = [&] { return bot ? bot->next_due_at() : std::nullopt; };
    sandbox::Session session(slack, clock, out, options);
    const bool demo_escalation = add_demo_escalation(config.runbook, session);

    LoopThread bot_loop;
    App app(bot_loop.io, config, clock, log);
    if (const auto started = app.start(); !started) {
        std::cerr << "incident-bot: " << started.error().message << '\n';
        return 1;
    }
    bot = &app;
    slack.wait_until([&] { return slack.open_connections() > 0; }, seconds(5));
    options.settle();
    if (interactive) {
        session.print_welcome();
        if (demo_escalation) out << sandbox::kDemoEscalationNote << '\n';
        if (const auto port = app.http_port(); port != 0)
            out << "Dashboard: http://" << config.http_host << ':' << port
                << "/ (incidents, timelines and stats, live)\n";
    }
    std::string line;
    for (;;) {
        if (interactive) out << session.prompt() << std::flush;
        if (!std::getline(in, line)) break;
        if (!session.handle_line(line)) break;
    }
    if (interactive) out << '\n';
    std::promise<void> stopped;
    net::post(bot_loop.io, [&] { app.stop([&] { stopped.set_value(); }); });
    stopped.get_future().wait_for(seconds(5));
    bot_loop.stop();
    slack.stop();
    slack_loop.stop();
    return 0;
}

}  // namespace bot
