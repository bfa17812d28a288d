#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "tests/support/slack_rig.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test_support::SlackRig;

namespace {

std::vector<std::string> send_commands(SlackRig& rig, int count, const std::string& prefix) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        ids.push_back(rig.slack.send_slash_command("U1", "C1", prefix + std::to_string(i)));
    }
    return ids;
}

// Every id acked once by Slack's count, handled exactly once by ours.
void check_all_acked_and_handled_once(SlackRig& rig, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        CAPTURE(id);
        CHECK(rig.slack.wait_for_ack(id, 5s).has_value());
    }
    auto handled = rig.handled_envelopes();
    std::multiset<std::string> counted(handled.begin(), handled.end());
    for (const auto& id : ids) {
        CAPTURE(id);
        CHECK(counted.count(id) == 1);
    }
    CHECK(rig.slack.failures().empty());
}

std::string event_frame(const std::string& envelope_id, const std::string& event_id, int retry) {
    return json{{"envelope_id", envelope_id},
                {"type", "events_api"},
                {"retry_attempt", retry},
                {"retry_reason", retry > 0 ? "timeout" : ""},
                {"payload",
                 {{"type", "event_callback"},
                  {"event_id", event_id},
                  {"event", {{"type", "app_mention"}, {"text", "hi"}}}}}}
        .dump();
}

}  // namespace

TEST_CASE("every envelope is acked at once, with a slash command's reply in its ack") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    auto ids = send_commands(rig, 50, "status ");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto ack = rig.slack.wait_for_ack(ids[i], 5s);
        REQUIRE(ack);
        CHECK_FALSE(ack->late);
        REQUIRE(ack->payload);
        CHECK(ack->payload->at("text") == "ok status " + std::to_string(i));
    }
    check_all_acked_and_handled_once(rig, ids);
}

TEST_CASE("an envelope of a type nobody handles is acked, and bad frames are ignored") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.slack.send_raw_frame("this is not json");
    rig.slack.send_raw_frame(R"({"type":"events_api"})");
    rig.slack.send_raw_frame(R"({"envelope_id":"new-1","type":"brand_new_type","payload":{}})");
    // Broken, but with an id: acked, or Slack would send the event again.
    rig.slack.send_raw_frame(R"({"envelope_id":"bad-1","type":"events_api","payload":null})");
    // The emulator only records acks of envelopes it made itself; count ours.
    CHECK(rig.slack.wait_until([&] { return rig.client->stats().acks.sent == 2; }, 5s));
    CHECK(rig.client->stats().malformed == 3);
    CHECK(rig.log.str().find("envelope bad-1 (events_api)") != std::string::npos);
    CHECK(rig.log.str().find("no handler for envelope type brand_new_type") != std::string::npos);
    // Still connected and serving.
    check_all_acked_and_handled_once(rig, send_commands(rig, 1, "after "));
}

TEST_CASE("a handler that never acks is acked empty before Slack's deadline") {
    auto options = test_support::fast_client_options();
    options.ack_deadline = 300ms;
    SlackRig rig(test_support::fast_emulator_options(), options);
    REQUIRE(rig.start_and_connect());
    std::vector<slack::Ack> hoarded;
    rig.on_client_thread([&] {
        rig.client->on("slash_commands", [&](const slack::Envelope&, slack::Ack ack) {
            hoarded.push_back(std::move(ack));
        });
        rig.client->on("events_api", [](const slack::Envelope&, slack::Ack) {
            // Dropped without a call: the Ack acks as it is destroyed.
        });
    });
    auto held = rig.slack.send_slash_command("U1", "C1", "slow");
    auto ack = rig.slack.wait_for_ack(held, 3s);
    REQUIRE(ack);
    CHECK_FALSE(ack->late);
    CHECK_FALSE(ack->payload);
    CHECK(ack->latency >= 250ms);
    CHECK(rig.log.str().find("did not ack envelope " + held) != std::string::npos);

    rig.slack.send_event({{"type", "app_mention"}, {"text", "x"}});
    auto event_acked = [&] {
        for (const auto& a : rig.slack.acks()) {
            if (a.type == "events_api") return true;
        }
        return false;
    };
    REQUIRE(rig.slack.wait_until(event_acked, 3s));
    for (const auto& a : rig.slack.acks()) {
        if (a.type == "events_api") CHECK(a.latency < 250ms);
    }
    // A late call of the hoarded ack sends nothing a second time.
    rig.on_client_thread([&] {
        for (auto& late : hoarded) late(json{{"text", "too late"}});
        hoarded.clear();
    });
    CHECK(rig.client->stats().acks.sent == 2);
    CHECK(rig.client->stats().acks.by_deadline == 1);
    CHECK(rig.slack.failures().empty());
}

TEST_CASE("events Slack re-delivers are acked but handled only once") {
    auto options = test_support::fast_client_options();
    options.ack_deadline = 2s;  // longer than the emulator's 500 ms re-delivery
    SlackRig rig(test_support::fast_emulator_options(), options);
    REQUIRE(rig.start_and_connect());
    std::vector<std::string> handled;
    std::vector<slack::Ack> slow;
    rig.on_client_thread([&] {
        rig.client->on("events_api", [&](const slack::Envelope& envelope, slack::Ack ack) {
            handled.push_back(envelope.event_id());
            slow.push_back(std::move(ack));  // too slow: Slack re-delivers
        });
    });
    auto event_id = rig.slack.send_event({{"type", "app_mention"}, {"text", "x"}});
    auto redelivered_and_acked = [&] {
        for (const auto& a : rig.slack.acks()) {
            if (a.type == "events_api") return true;
        }
        return false;
    };
    REQUIRE(rig.slack.wait_until(redelivered_and_acked, 5s));
    rig.on_client_thread([&] {
        CHECK(handled == std::vector<std::string>{event_id});
        slow.clear();
    });
    CHECK(rig.client->stats().duplicates >= 1);
}

TEST_CASE("an event whose ack is withheld is not acked, and Slack's re-delivery is handled") {
    auto options = test_support::fast_client_options();
    options.ack_deadline = 300ms;  // a withheld ack must not go out when this passes
    SlackRig rig(test_support::fast_emulator_options(), options);
    REQUIRE(rig.start_and_connect());
    std::vector<int> attempts;
    rig.on_client_thread([&] {
        rig.client->on("events_api", [&](const slack::Envelope& envelope, slack::Ack ack) {
            attempts.push_back(envelope.retry_attempt);
            if (attempts.size() == 1) return ack.withhold();  // storage failed: not taken
            ack();
        });
    });
    const auto event_id = rig.slack.send_event({{"type", "app_mention"}, {"text", "x"}});
    REQUIRE(rig.slack.wait_for_event_acks(event_id, 1, 5s));
    rig.on_client_thread([&] { CHECK(attempts == std::vector<int>{0, 1}); });
    std::size_t acked = 0;
    for (const auto& a : rig.slack.acks())
        if (a.type == "events_api") ++acked;
    CHECK(acked == 1);
    CHECK(rig.client->stats().acks.withheld == 1);
    CHECK(rig.client->stats().acks.by_deadline == 0);
    CHECK(rig.client->stats().duplicates == 0);
}

TEST_CASE(
    "a slash command is acked even if its handler withholds the ack: Slack never resends it") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.on_client_thread([&] {
        rig.client->on("slash_commands",
                       [&](const slack::Envelope&, slack::Ack ack) { ack.withhold(); });
    });
    const auto id = rig.slack.send_slash_command("U1", "C1", "status");
    CHECK(rig.slack.wait_for_ack(id, 5s).has_value());
    CHECK(rig.client->stats().acks.withheld == 0);
}

TEST_CASE("a repeated envelope id is acked again but handled once") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.slack.send_raw_frame(event_frame("env-1", "Ev1", 0));
    rig.slack.send_raw_frame(event_frame("env-1", "Ev1", 0));  // the same envelope again
    rig.slack.send_raw_frame(event_frame("env-2", "Ev1", 1));  // same event, new envelope
    rig.slack.send_raw_frame(event_frame("env-3", "Ev2", 2));  // first seen on a retry: handled
    REQUIRE(rig.slack.wait_until([&] { return rig.client->stats().acks.sent == 4; }, 5s));
    CHECK(rig.handled_events() == std::vector<std::string>{"Ev1", "Ev2"});
    CHECK(rig.client->stats().duplicates == 2);
}

TEST_CASE("after refresh_requested a new connection takes over, nothing lost or doubled") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    auto ids = send_commands(rig, 20, "before ");
    rig.slack.send_disconnect("refresh_requested");
    for (auto& id : send_commands(rig, 20, "during ")) ids.push_back(id);
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 2; }, 5s));
    for (auto& id : send_commands(rig, 20, "after ")) ids.push_back(id);
    check_all_acked_and_handled_once(rig, ids);
    // Slack (or our grace period) retires the old socket.
    CHECK(rig.slack.wait_until([&] { return rig.slack.open_connections() == 1; }, 5s));
    CHECK(rig.slack.connections_opened() == 2);
}

TEST_CASE("after a disconnect warning a new connection takes over, nothing lost or doubled") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    auto ids = send_commands(rig, 10, "before ");
    rig.slack.send_disconnect("warning");
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 2; }, 5s));
    for (auto& id : send_commands(rig, 10, "after ")) ids.push_back(id);
    check_all_acked_and_handled_once(rig, ids);
    CHECK(rig.slack.wait_until([&] { return rig.slack.open_connections() == 1; }, 5s));
}

TEST_CASE("after an abrupt drop the client reconnects, events are neither lost nor doubled") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    std::vector<std::string> events;
    for (int i = 0; i < 5; ++i) {
        events.push_back(rig.slack.send_event({{"type", "app_mention"}, {"text", "a"}}));
    }
    REQUIRE(rig.slack.wait_until([&] { return rig.handled_events().size() == 5; }, 5s));
    rig.slack.drop_connections();
    for (int i = 0; i < 5; ++i) {
        events.push_back(rig.slack.send_event({{"type", "app_mention"}, {"text", "b"}}));
    }
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 2; }, 5s));
    // Events sent into the gap arrive by Slack's re-delivery.
    CHECK(rig.slack.wait_until([&] { return rig.handled_events().size() >= 10; }, 8s));
    auto handled = rig.handled_events();
    std::sort(handled.begin(), handled.end());
    std::sort(events.begin(), events.end());
    CHECK(handled == events);
    check_all_acked_and_handled_once(rig, send_commands(rig, 5, "after drop "));
}

TEST_CASE("a silent socket is noticed by missing pongs and replaced") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.slack.silence_connections();
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 2; }, 5s));
    CHECK(rig.log.str().find("no pong") != std::string::npos);
    // Slack cannot tell the silent link is dead either and may still pick it;
    // events sent there come back by re-delivery on the live socket.
    std::vector<std::string> events;
    for (int i = 0; i < 6; ++i) events.push_back(rig.slack.send_event({{"type", "app_mention"}}));
    REQUIRE(rig.slack.wait_until([&] { return rig.handled_events().size() >= 6; }, 8s));
    auto handled = rig.handled_events();
    std::sort(handled.begin(), handled.end());
    std::sort(events.begin(), events.end());
    CHECK(handled == events);
}

TEST_CASE("Slack no longer pinging gets a new socket, without a gap") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    // Slack still reads and answers our pings: only its own silence tells.
    rig.slack.stop_pinging();
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 2; }, 8s));
    CHECK(rig.log.str().find("no ping or envelope from Slack") != std::string::npos);
    CHECK(rig.log.str().find("no pong") == std::string::npos);
    check_all_acked_and_handled_once(rig, send_commands(rig, 5, "after stale "));
}

TEST_CASE("a socket that never says hello is given up and another opened") {
    auto options = test_support::fast_client_options();
    options.hello_timeout = 500ms;
    SlackRig rig(test_support::fast_emulator_options(), options);
    rig.slack.hold_hello(true);
    CHECK_FALSE(rig.start_and_connect(1500ms));
    CHECK(rig.slack.calls("apps.connections.open").size() >= 2);
    CHECK(rig.log.str().find("no hello from Slack") != std::string::npos);
    rig.slack.hold_hello(false);
    REQUIRE(rig.slack.wait_until([&] { return rig.connections() == 1; }, 5s));
    check_all_acked_and_handled_once(rig, send_commands(rig, 3, "after hello "));
}

TEST_CASE("too_many_websockets on every new socket backs off instead of spinning") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    // Each socket says hello and is then told to go, for two seconds.
    const auto until = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < until) {
        if (rig.slack.open_connections() > 0) rig.slack.send_disconnect("too_many_websockets");
        std::this_thread::sleep_for(2ms);
    }
    // Backing off from 50 ms to 400 ms makes about ten attempts in 2 s;
    // reconnecting at once after every hello would make hundreds.
    const auto opens = rig.slack.calls("apps.connections.open").size();
    CHECK(opens >= 3);
    CHECK(opens <= 20);
    REQUIRE(rig.slack.wait_until([&] { return rig.client->connected(); }, 5s));
    check_all_acked_and_handled_once(rig, send_commands(rig, 3, "after backoff "));
}

TEST_CASE("link_disabled stops the client with a fatal error and no reconnect") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.slack.send_disconnect("link_disabled");
    REQUIRE(rig.slack.wait_until([&] { return rig.fatal().has_value(); }, 5s));
    CHECK(rig.fatal()->code == "link_disabled");
    CHECK(rig.fatal()->message.find("Socket Mode") != std::string::npos);
    CHECK(rig.slack.wait_until([&] { return rig.slack.open_connections() == 0; }, 5s));
    CHECK(rig.slack.connections_opened() == 1);
    CHECK(rig.slack.wait_until([&] { return !rig.client->connected(); }, 5s));
}

TEST_CASE("an app token Slack refuses is fatal, not retried forever") {
    SlackRig rig(test_support::fast_emulator_options(), test_support::fast_client_options(),
                 "xoxb-not-an-app-token");
    CHECK_FALSE(rig.start_and_connect(1s));
    REQUIRE(rig.slack.wait_until([&] { return rig.fatal().has_value(); }, 5s));
    CHECK(rig.fatal()->message.find("SLACK_APP_TOKEN") != std::string::npos);
    CHECK(rig.log.str().find("xoxb-not-an-app-token") == std::string::npos);
}

TEST_CASE("a rate-limited or failing apps.connections.open is retried until it connects") {
    SlackRig rig;
    rig.slack.inject("apps.connections.open", {emulator::Fault::Kind::ServerError, 1, 503, 0ms}, 2);
    rig.slack.inject("apps.connections.open", {emulator::Fault::Kind::RateLimited, 1, 429, 0ms}, 1);
    REQUIRE(rig.start_and_connect(10s));
    auto opens = rig.slack.calls("apps.connections.open");
    CHECK(opens.size() >= 2);
    check_all_acked_and_handled_once(rig, send_commands(rig, 3, "late start "));
}

TEST_CASE("stop closes the socket cleanly after in-flight Web API calls finish") {
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    rig.slack.inject("auth.test", {emulator::Fault::Kind::Delay, 1, 200, 300ms}, 1);
    std::atomic<bool> answered{false};
    rig.web->call("auth.test", json::object(),
                  [&](core::Result<json> result) { answered = result.ok(); });
    REQUIRE(rig.slack.wait_until([&] { return !rig.slack.calls("auth.test").empty(); }, 5s));
    CHECK(rig.stop_client(5s));
    CHECK(answered);
    CHECK(rig.slack.wait_until([&] { return rig.slack.open_connections() == 0; }, 5s));
    CHECK(rig.slack.connections_opened() == 1);  // stopping does not reconnect
}

TEST_CASE("stop before any connection completes at once") {
    SlackRig rig;
    CHECK(rig.stop_client(2s));
    CHECK(rig.slack.connections_opened() == 0);
}

TEST_CASE("an envelope that arrives while the loop is busy shows as waiting until it is read") {
    // What lets the outbox's Slack calls give way to acks (bot/scheduler.cpp).
    SlackRig rig;
    REQUIRE(rig.start_and_connect());
    bool waiting_before = true, seen_waiting = false;
    std::string id;
    rig.on_client_thread([&] {
        // The loop is held here: what Slack sends meanwhile stays unread.
        waiting_before = rig.client->envelopes_waiting();
        id = rig.slack.send_slash_command("U1", "C1", "status");
        const auto give_up = std::chrono::steady_clock::now() + 5s;
        while (!seen_waiting && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(1ms);
            seen_waiting = rig.client->envelopes_waiting();
        }
    });
    CHECK_FALSE(waiting_before);
    CHECK(seen_waiting);
    // Once the loop runs again, the envelope is read and acked.
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    bool waiting_after = true;
    rig.on_client_thread([&] { waiting_after = rig.client->envelopes_waiting(); });
    CHECK_FALSE(waiting_after);
}

TEST_CASE("the reading flag is up while an envelope is read and down once none waits") {
    // What the Slack work's thread reads to give way to acks (bot/app.cpp):
    // the loop alone may call envelopes_waiting().
    struct Seen : slack::Telemetry {
        std::shared_ptr<std::atomic<bool>> reading = std::make_shared<std::atomic<bool>>(false);
        std::atomic<int> up{0}, down{0};
        void envelope_received(std::string_view) override { (reading->load() ? up : down)++; }
    };
    auto seen = std::make_shared<Seen>();
    auto options = test_support::fast_client_options();
    options.reading = seen->reading;
    options.telemetry = seen;
    SlackRig rig(test_support::fast_emulator_options(), options);
    REQUIRE(rig.start_and_connect());
    std::vector<std::string> ids;
    rig.on_client_thread([&] {
        // Sent while the loop is held: read one after another once it runs.
        for (int i = 0; i < 3; ++i)
            ids.push_back(rig.slack.send_slash_command("U1", "C1", "status"));
    });
    for (const auto& id : ids) REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.on_client_thread([] {});  // the last frame's handling has returned
    CHECK(seen->up == 3);
    CHECK(seen->down == 0);
    CHECK_FALSE(seen->reading->load());
}
