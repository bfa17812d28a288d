// `/incident reopen`, `/incident snooze` and the "Snooze 30 min" button, with
// the real bot and the emulated Slack on one ManualClock.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;

namespace {

constexpr const char* kReminder = "Status update due";

std::string ack_text(const std::optional<nlohmann::json>& payload) {
    return payload ? payload->dump() : std::string();
}

}  // namespace

TEST_CASE("reopen brings a resolved incident back: reminders resume from now, all is recorded") {
    BotRig rig;
    const auto c = rig.declare();
    rig.command(rig.bob, c, "ack");
    rig.command(rig.bob, c, "resolve rolled back");
    CHECK(rig.pinned_text(c).find("resolved") != std::string::npos);
    rig.advance(2h);
    CHECK(rig.count(c, kReminder) == 0);

    rig.command(rig.alice, c, "reopen errors are back");
    CHECK(rig.count(c, "is reopened by") == 1);
    CHECK(rig.count(c, "errors are back") == 1);
    CHECK(rig.pinned_text(c).find("This incident is resolved") == std::string::npos);
    // Owed a response again (escalation resumes) until someone acknowledges.
    CHECK(rig.slack.channel(c)->topic.find("Declared") != std::string::npos);

    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 1);

    const auto timeline = ack_text(rig.command(rig.alice, c, "timeline"));
    CHECK(timeline.find("Reopened") != std::string::npos);
    rig.command(rig.bob, c, "ack");
    CHECK(rig.slack.channel(c)->topic.find("Acknowledged") != std::string::npos);

    // The post-mortem of the first resolve is not reminded: it waits for the next one.
    rig.advance(25h);
    CHECK(rig.count(c, "post-mortem for") == 0);
}

TEST_CASE("reopen in an open incident is refused in one line") {
    BotRig rig;
    const auto c = rig.declare();
    const auto reply = ack_text(rig.command(rig.alice, c, "reopen"));
    CHECK(reply.find("nothing to reopen") != std::string::npos);
}

TEST_CASE("snooze holds the update reminder until then and shows on the pinned message") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(10min);
    rig.command(rig.alice, c, "snooze 30m");
    CHECK(rig.count(c, "snoozed the update reminders") == 1);
    CHECK(rig.pinned_text(c).find("snoozed until") != std::string::npos);
    rig.advance(29min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 1);
    CHECK(rig.pinned_text(c).find("snoozed until") == std::string::npos);
    const auto timeline = ack_text(rig.command(rig.alice, c, "timeline"));
    CHECK(timeline.find("Snoozed") != std::string::npos);
}

TEST_CASE("the pinned message stops saying snoozed when the snooze ends, not at the next nudge") {
    BotRig rig;
    const auto c = rig.declare();  // SEV1: an update every 15 min
    rig.advance(5min);
    rig.command(rig.alice, c, "snooze 30m");
    // An update during the snooze restarts the cadence: the next nudge falls
    // after the snooze has ended.
    rig.advance(25min);
    rig.command(rig.alice, c, "update status: still rolling back");
    CHECK(rig.pinned_text(c).find("snoozed until") != std::string::npos);
    rig.advance(6min);  // the snooze ended at 35 min; the next nudge is due at 45
    CHECK(rig.pinned_text(c).find("snoozed until") == std::string::npos);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(10min);
    CHECK(rig.count(c, kReminder) == 1);
}

TEST_CASE("the Snooze 30 min button on a reminder snoozes as the one who clicked") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(15min);
    REQUIRE(rig.count(c, kReminder) == 1);
    const auto reminder = rig.bot_messages(c).back();
    const auto id = rig.slack.click_button(rig.bob, c, reminder.ts, "Snooze 30 min");
    REQUIRE_FALSE(id.empty());
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    CHECK(rig.count(c, "<@" + rig.bob + "> snoozed the update reminders") == 1);
    rig.advance(29min);
    CHECK(rig.count(c, kReminder) == 1);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 2);
}
