// The real binary's link to Slack under everything Slack documents: routine
// refreshes, warnings, dropped sockets, rate limits, a disabled Socket Mode,
// refused tokens, and a clean shutdown.
#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <set>
#include <thread>

#include "tests/support/message_text.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

using test::contains;

namespace {

std::string declare_and_wait(SlackWorld& w, const std::string& title) {
    w.command_acked(w.alice, w.ops, "SEV2 " + title);
    std::string id;
    REQUIRE(w.eventually([&] {
        for (const auto& c : w.slack.channels())
            if (c.name.starts_with("incident-") && !w.bot_messages(c.id).empty() &&
                w.bot_messages(c.id).front().pinned)
                id = c.id;
        return !id.empty();
    }));
    return id;
}

std::size_t posts_with(SlackWorld& w, const std::string& channel, const std::string& needle) {
    const auto messages = w.bot_messages(channel);
    return static_cast<std::size_t>(std::count_if(
        messages.begin(), messages.end(),
        [&](const emulator::Message& m) { return contains(test::all_text(m), needle); }));
}

// Ten notes, each acked and each posted exactly once.
void notes_survive(SlackWorld& w, const std::string& channel, const std::string& tag) {
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i)
        ids.push_back(w.command(w.bob, channel, "note " + tag + " #" + std::to_string(i)));
    for (const auto& id : ids) REQUIRE_MESSAGE(w.slack.wait_for_ack(id, 5s), w.bot_log());
    for (int i = 0; i < 10; ++i) {
        const auto needle = tag + " #" + std::to_string(i);
        REQUIRE_MESSAGE(w.eventually([&] { return posts_with(w, channel, needle) == 1; }), needle);
    }
}

}  // namespace

TEST_CASE("no envelope is lost across refresh_requested, warning and an abrupt drop") {
    SlackWorld w;
    w.start_bot();
    const auto channel = declare_and_wait(w, "Queue backlog");
    for (const auto* how : {"refresh_requested", "warning", "drop"}) {
        CAPTURE(how);
        const auto before = w.slack.connections_opened();
        if (std::string(how) == "drop")
            w.slack.drop_connections();
        else
            w.slack.send_disconnect(how);
        REQUIRE(w.eventually([&] { return w.slack.connections_opened() > before; }));
        notes_survive(w, channel, how);
    }
    // Events Slack re-delivers (same event_id) are acked and handled once.
    const auto event = w.slack.send_event({{"type", "app_mention"}, {"text", "hi"}});
    REQUIRE(w.eventually([&] {
        const auto acks = w.slack.acks();
        return std::any_of(acks.begin(), acks.end(),
                           [](const emulator::AckRecord& a) { return a.type == "events_api"; });
    }));
    CHECK(w.slack.failures().empty());
    CHECK(w.bot().running());
}

TEST_CASE("a log reader that stops reading does not stop the acks") {
    // journald stalled, or a terminal paused with Ctrl-S: stderr's pipe
    // fills (64 KiB) and every write to it blocks. The loop that sends the
    // acks must not be the one writing. (With the logger writing on the loop,
    // 691 of these 4,000 notes were acked. The logger's queue holds 8,192
    // lines: a reader stuck for longer than that stalls the loop again,
    // rather than lose lines.)
    SlackWorld w;
    w.bot_output_unread = true;
    w.start_bot({{"LOG_LEVEL", "debug"}});
    const auto channel = declare_and_wait(w, "Stuck log reader");
    // Several times what the pipe holds in log lines (about 45 bytes a note).
    constexpr int kCommands = 4000;
    std::set<std::string> sent;
    for (int i = 0; i < kCommands; ++i)
        sent.insert(w.command(w.alice, channel, "note " + std::to_string(i)));
    const auto acked = [&] {
        std::size_t n = 0;
        for (const auto& a : w.slack.acks()) n += sent.count(a.envelope_id);
        return n;
    };
    CHECK_MESSAGE(w.eventually([&] { return acked() == sent.size(); }, 20s),
                  acked() << " of " << sent.size() << " acked");
    CHECK(w.bot().running());
}

TEST_CASE("a rate-limited post waits Retry-After, then goes out once, in order") {
    SlackWorld w;
    w.start_bot();
    const auto channel = declare_and_wait(w, "Rate limits");
    w.slack.inject("chat.postMessage",
                   emulator::Fault{emulator::Fault::Kind::RateLimited, 1, 429, 0ms}, 2);
    for (int i = 0; i < 3; ++i)
        w.command_acked(w.bob, channel, "note ordered " + std::to_string(i));
    REQUIRE(w.eventually([&] { return posts_with(w, channel, "ordered ") == 3; }));
    const auto posts = w.bot_messages(channel);
    std::vector<std::string> order;
    for (const auto& m : posts)
        for (int i = 0; i < 3; ++i)
            if (contains(test::all_text(m), "ordered " + std::to_string(i)))
                order.push_back(std::to_string(i));
    CHECK(order == std::vector<std::string>{"0", "1", "2"});
    // The retry came no sooner than Slack asked.
    const auto calls = w.slack.calls("chat.postMessage");
    std::optional<core::TimePoint> limited, next_ok;
    for (const auto& c : calls) {
        if (c.http_status == 429 && !limited) limited = c.at;
        if (limited && c.http_status == 200 && !next_ok && c.at > *limited) next_ok = c.at;
    }
    REQUIRE(limited);
    REQUIRE(next_ok);
    CHECK(*next_ok - *limited >= 900ms);
}

TEST_CASE("link_disabled stops the bot with a clear error and a non-zero exit") {
    SlackWorld w;
    w.start_bot();
    w.slack.send_disconnect("link_disabled");
    const auto code = w.bot().wait(10s);
    REQUIRE(code);
    CHECK(*code == 1);
    CHECK(contains(w.bot_log(), "link_disabled"));
}

TEST_CASE("SIGTERM closes the socket cleanly and exits 0") {
    SlackWorld w;
    w.start_bot();
    const auto code = w.stop_bot();
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(w.eventually([&] { return w.slack.open_connections() == 0; }));
}

TEST_CASE("tokens Slack refuses stop the bot with a line naming the variable, never the token") {
    for (const auto* variable : {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"}) {
        CAPTURE(variable);
        SlackWorld w;
        const std::string wrong = std::string(variable) == "SLACK_BOT_TOKEN"
                                      ? "xoxb-1111-2222-wrongwrongwrong"
                                      : "xapp-1-A0-1111-wrongwrongwrong";
        test::ProcessOptions options;
        options.env = {{"SLACK_APP_TOKEN", w.slack.options().app_token},
                       {"SLACK_BOT_TOKEN", w.slack.options().bot_token},
                       {"SLACK_API_URL", w.slack.api_url()},
                       {"INCIDENT_DB_PATH", w.db_path()},
                       {"HTTP_ADDR", "off"}};
        options.env[variable] = wrong;
        const auto r = test::run(IB_BOT_BINARY, options, 15s);
        // 2: a setting to fix, which a restart cannot (RestartPreventExitStatus=2).
        CHECK(r.code == 2);
        CHECK(contains(r.err, variable));
        CHECK_FALSE(contains(r.err + r.out, "wrongwrongwrong"));
    }
}
