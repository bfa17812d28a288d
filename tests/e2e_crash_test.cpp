// Crash safety of the real binary: SIGKILL at each step of a declare and of
// a role change, then a restart on the same database. Whatever Slack was
// told happened once: one channel, one opening message, one announcement,
// and a complete timeline. Calls whose answer was lost after they took
// effect are not repeated either.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/support/message_text.hpp"
#include "tests/support/slack_world.hpp"

using namespace std::chrono_literals;
using test::SlackWorld;

using test::contains;

namespace {

std::string seed_name() {
    return "incident-" + SlackWorld::today() + "-payment-processing-down";
}

std::vector<emulator::Channel> incident_channels(SlackWorld& w) {
    std::vector<emulator::Channel> out;
    for (const auto& c : w.slack.channels())
        if (c.name.starts_with("incident-")) out.push_back(c);
    return out;
}

// The declare's Slack side is complete: opening posted and pinned, topic set,
// the declarer told where to go.
bool declare_complete(SlackWorld& w, const std::string& channel) {
    const auto c = w.slack.channel(channel);
    if (!c || c->topic.empty()) return false;
    const auto messages = w.bot_messages(channel);
    if (messages.empty() || !messages.front().pinned) return false;
    const auto replies = w.ephemeral_texts(w.alice);
    return std::any_of(replies.begin(), replies.end(),
                       [&](const std::string& t) { return contains(t, "<#" + channel + ">"); });
}

void check_declared_once(SlackWorld& w) {
    REQUIRE_MESSAGE(w.eventually(
                        [&] {
                            const auto c = incident_channels(w);
                            return !c.empty() && declare_complete(w, c.front().id);
                        },
                        15s),
                    "bot log:\n"
                        << w.bot_log());
    std::this_thread::sleep_for(300ms);  // time for a duplicate to show, if there were one
    const auto channels = incident_channels(w);
    REQUIRE_MESSAGE(channels.size() == 1, "bot log:\n" << w.bot_log());
    const auto& c = channels.front();
    CHECK(c.name == seed_name());
    CHECK(w.count_bot_messages(c.id, "I'll be IC") == 1);
    const auto members = c.members;
    CHECK(std::count(members.begin(), members.end(), w.alice) == 1);
    const auto timeline = w.command_acked(w.alice, c.id, "timeline");
    REQUIRE(timeline);
    CHECK(contains(timeline->dump(), "Declared"));
}

}  // namespace

TEST_CASE("a declare killed at any step completes exactly once after a restart") {
    // Each step of the declare, in the order the bot makes the calls, and
    // what shows that the steps before it are done.
    struct Step {
        const char* method;
        std::function<bool(SlackWorld&)> reached;
    };
    const std::vector<Step> steps{
        {"conversations.create", [](SlackWorld&) { return true; }},
        {"conversations.invite", [](SlackWorld& w) { return !incident_channels(w).empty(); }},
        {"chat.postMessage",
         [](SlackWorld& w) {
             const auto c = incident_channels(w);
             return !c.empty() && std::count(c[0].members.begin(), c[0].members.end(), w.alice);
         }},
        {"pins.add",
         [](SlackWorld& w) {
             const auto c = incident_channels(w);
             return !c.empty() && !w.bot_messages(c[0].id).empty();
         }},
        {"conversations.setTopic",
         [](SlackWorld& w) {
             const auto c = incident_channels(w);
             return !c.empty() && !w.bot_messages(c[0].id).empty() &&
                    w.bot_messages(c[0].id).front().pinned;
         }},
    };
    for (const auto& step : steps) {
        CAPTURE(step.method);
        SlackWorld w;
        w.start_bot();
        // The call hangs, then takes effect after the bot is dead: the worst
        // case, where Slack did the work and nobody recorded it.
        w.slack.inject(step.method, emulator::Fault{emulator::Fault::Kind::Delay, 1, 503, 1200ms});
        w.command_acked(w.alice, w.ops, "SEV1 Payment processing down");
        REQUIRE(w.eventually([&] { return step.reached(w); }));
        std::this_thread::sleep_for(300ms);  // the hanging call is on the wire
        w.kill_bot();
        std::this_thread::sleep_for(1300ms);  // it takes effect at Slack
        w.start_bot();
        check_declared_once(w);
    }
}

TEST_CASE("a role change killed before its announcement is applied once after a restart") {
    SlackWorld w;
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV1 Payment processing down");
    REQUIRE(w.eventually([&] {
        const auto c = incident_channels(w);
        return !c.empty() && declare_complete(w, c[0].id);
    }));
    const auto channel = incident_channels(w)[0].id;

    w.slack.inject("chat.postMessage",
                   emulator::Fault{emulator::Fault::Kind::Delay, 1, 503, 1200ms});
    w.command_acked(w.alice, channel, "role tech <@" + w.bob + "|bob>");
    std::this_thread::sleep_for(300ms);
    w.kill_bot();
    std::this_thread::sleep_for(1300ms);
    w.start_bot();

    REQUIRE(w.eventually([&] {
        const auto opening = w.bot_messages(channel).front();
        return contains(test::all_text(opening), "*Tech Lead*\n<@" + w.bob + ">");
    }));
    REQUIRE(w.eventually([&] { return w.count_bot_messages(channel, "*Tech Lead*") >= 2; }));
    // One announcement; the other match is the opening message itself.
    CHECK(w.count_bot_messages(channel, "is now *Tech Lead*") == 1);
    const auto status = w.command_acked(w.carol, channel, "status");
    CHECK(contains(status->dump(), "<@" + w.bob + ">"));
}

TEST_CASE("a role for a plain @name, acked before Slack named them, is given after a kill -9") {
    SlackWorld w;
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV1 Payment processing down");
    REQUIRE(w.eventually([&] {
        const auto c = incident_channels(w);
        return !c.empty() && declare_complete(w, c[0].id);
    }));
    const auto channel = incident_channels(w)[0].id;
    // users.list hangs: the bot is killed between the ack and the answer.
    w.slack.inject("users.list", emulator::Fault{emulator::Fault::Kind::Delay, 1, 503, 3000ms});
    const auto ack = w.command_acked(w.alice, channel, "role tech @bob");
    REQUIRE(ack);
    CHECK(contains(ack->dump(), "Looking up @bob"));
    std::this_thread::sleep_for(200ms);
    w.kill_bot();
    w.start_bot();
    REQUIRE_MESSAGE(w.eventually([&] {
        return w.count_bot_messages(channel, "<@" + w.bob + "> is now *Tech Lead*") == 1;
    }),
                    "bot log:\n"
                        << w.bot_log());
    const auto status = w.command_acked(w.carol, channel, "status");
    CHECK(contains(status->dump(), "<@" + w.bob + ">"));
}

TEST_CASE("every acknowledged command survives a kill -9 right after its ack") {
    SlackWorld w;
    w.start_bot();
    w.command_acked(w.alice, w.ops, "SEV2 Checkout slow");
    std::optional<emulator::Channel> channel;
    REQUIRE(w.eventually([&] {
        const auto c = incident_channels(w);
        if (c.empty()) return false;
        channel = c[0];
        return declare_complete(w, c[0].id);
    }));
    std::vector<std::string> ids;
    for (int i = 1; i <= 5; ++i)
        ids.push_back(w.command(w.alice, channel->id, "note step " + std::to_string(i)));
    for (const auto& id : ids) REQUIRE(w.slack.wait_for_ack(id, 5s));
    w.kill_bot();
    w.start_bot();
    REQUIRE(w.eventually([&] { return w.count_bot_messages(channel->id, "step ") == 5; }, 15s));
    const auto timeline = w.command_acked(w.alice, channel->id, "timeline")->dump();
    for (int i = 1; i <= 5; ++i) CHECK(contains(timeline, "step " + std::to_string(i)));
    std::this_thread::sleep_for(300ms);
    CHECK(w.count_bot_messages(channel->id, "step ") == 5);
}

TEST_CASE("answers lost after the call took effect do not make a second channel or post") {
    SlackWorld w;
    w.start_bot();
    w.slack.inject("conversations.create", emulator::Fault{emulator::Fault::Kind::DropAfterEffect});
    w.slack.inject("chat.postMessage", emulator::Fault{emulator::Fault::Kind::DropAfterEffect});
    w.command_acked(w.alice, w.ops, "SEV1 Payment processing down");
    check_declared_once(w);
    CHECK(w.slack.failures().empty());
}
