// The envelopes' handlers in lanes of their own (bot/command_lanes.hpp), as
// bot::App runs them with PostgreSQL (which e2e_replicas_test runs); here on
// a SQLite file, whose connections take turns at writing, and a ManualClock.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bot/command_lanes.hpp"
#include "tests/support/bot_rig.hpp"
#include "tests/support/message_text.hpp"

using namespace std::chrono_literals;

namespace {

slack::Envelope envelope(const char* type, nlohmann::json payload) {
    slack::Envelope e;
    e.envelope_id = "e1";
    e.type = type;
    e.payload = std::move(payload);
    return e;
}

// The bot's threads named `prefix…`, as `top -H` shows them.
std::size_t threads_named(const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name.starts_with(prefix)) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("an envelope's lane is picked by its channel, else its sender") {
    using bot::lane_key;
    CHECK(lane_key(envelope("slash_commands", {{"channel_id", "C1"}, {"user_id", "U1"}})) == "C1");
    CHECK(lane_key(envelope("interactive", {{"type", "block_actions"},
                                            {"channel", {{"id", "C2"}}},
                                            {"user", {{"id", "U1"}}}})) == "C2");
    CHECK(lane_key(envelope("interactive", {{"container", {{"channel_id", "C3"}}},
                                            {"user", {{"id", "U1"}}}})) == "C3");
    CHECK(lane_key(envelope(
              "events_api",
              {{"event", {{"type", "reaction_added"}, {"item", {{"channel", "C4"}}}}}})) == "C4");
    CHECK(lane_key(envelope("events_api",
                            {{"event", {{"type", "pin_added"}, {"channel_id", "C5"}}}})) == "C5");
    CHECK(lane_key(envelope("interactive",
                            {{"type", "view_submission"}, {"user", {{"id", "U9"}}}})) == "U9");
    // Whatever arrives: no key, the first lane, no exception.
    CHECK(lane_key(envelope("events_api", nlohmann::json::array({1, 2}))).empty());
    CHECK(lane_key(envelope("interactive", {{"channel", 7}, {"user", "U1"}})).empty());
    CHECK(lane_key(envelope("slash_commands", {{"channel_id", nullptr}})).empty());
}

TEST_CASE("commands in lanes: each channel's in the order sent, none lost or doubled") {
    test::BotRig rig({}, core::from_unix_seconds(1795424400), true, true);
    CHECK(threads_named("commands-") == 2);  // DB_POOL_SIZE's default
    std::vector<std::string> channels;
    for (int i = 0; i < 4; ++i)
        channels.push_back(rig.declare("SEV2 Lane check " + std::to_string(i)));

    // Sent without waiting for acks: five updates to each channel in turn,
    // and an "I'll be IC" click on each opening message in the middle.
    std::vector<std::string> sent;
    for (int step = 0; step < 5; ++step) {
        for (std::size_t k = 0; k < channels.size(); ++k) {
            sent.push_back(rig.slack.send_slash_command(
                rig.bob, channels[k],
                "update channel " + std::to_string(k) + " step " + std::to_string(step)));
            if (step == 2) {
                const auto opening = rig.bot_messages(channels[k]).front();
                sent.push_back(
                    rig.slack.click_button(rig.carol, channels[k], opening.ts, "I'll be IC"));
            }
        }
    }
    for (const auto& id : sent) {
        const auto ack = rig.slack.wait_for_ack(id, 5s);
        REQUIRE_MESSAGE(ack, "no ack for envelope " << id);
        CHECK_FALSE(ack->late);
    }
    rig.settle();
    for (std::size_t k = 0; k < channels.size(); ++k) {
        // Each update posted once, in the order sent.
        std::vector<int> steps;
        for (const auto& m : rig.bot_messages(channels[k])) {
            const auto text = test::all_text(m);
            const auto at = text.find("channel " + std::to_string(k) + " step ");
            if (at == std::string::npos) continue;
            steps.push_back(text[at + std::string("channel 0 step ").size()] - '0');
        }
        CHECK(steps == std::vector<int>{0, 1, 2, 3, 4});
        const auto channel = rig.slack.channel(channels[k]);
        REQUIRE(channel);
        CHECK(channel->topic.find("<@" + rig.carol + ">") != std::string::npos);
    }

    // What the lanes committed is there after a restart, and the timers
    // they set still fire.
    rig.restart();
    rig.advance(31min);
    for (const auto& c : channels) CHECK(rig.count(c, "Status update due") == 1);
}
