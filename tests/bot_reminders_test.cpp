// Reminders, escalation and the post-mortem nudge, with the bot and the
// emulated Slack on one ManualClock: time moves, nobody sleeps.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;

namespace {

constexpr const char* kReminder = "Status update due";
constexpr const char* kEscalation = "Escalation level";
constexpr const char* kPostmortemDue = "is due (since";

core::Runbook with_escalation() {
    core::Runbook r;
    r.escalation[0] = {{0s, {"U0PRIMARY"}}, {15min, {"U0SECOND"}}, {30min, {"S0SRELEADS"}}};
    return r;
}

}  // namespace

TEST_CASE("a SEV1 with no update for 15 minutes gets a reminder naming the IC and Comms Lead") {
    BotRig rig;
    const auto c = rig.declare();
    rig.command(rig.bob, c, "role ic me");
    rig.command(rig.carol, c, "role comms me");
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(1min);
    REQUIRE(rig.count(c, kReminder) == 1);
    const auto reminder = rig.bot_messages(c).back();
    const auto text = test::all_text(reminder);
    CHECK(text.find("<@" + rig.bob + ">") != std::string::npos);
    CHECK(text.find("<@" + rig.carol + ">") != std::string::npos);
    CHECK(text.find("/incident update status:") != std::string::npos);
    // Still quiet: the next one waits a whole cadence, not every wake-up.
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 1);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 2);
    // Each reminder is on the timeline, saying how long the channel was quiet.
    const auto timeline = rig.command(rig.alice, c, "timeline")->dump();
    CHECK(timeline.find("no update yet, declared 15 min ago") != std::string::npos);
    CHECK(timeline.find("no update yet, declared 30 min ago") != std::string::npos);
}

TEST_CASE("a reminder with nobody in the roles says so") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(15min);
    REQUIRE(rig.count(c, kReminder) == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("Nobody is Incident Commander") !=
          std::string::npos);
}

TEST_CASE("every update restarts the clock") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(10min);
    rig.command(rig.alice, c, "update still investigating");
    rig.advance(10min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(5min);
    CHECK(rig.count(c, kReminder) == 1);
    CHECK(rig.command(rig.alice, c, "timeline")->dump().find("last update 15 min ago") !=
          std::string::npos);
}

TEST_CASE("a severity change adopts the new cadence") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Checkout errors");
    rig.command(rig.alice, c, "severity SEV2");
    rig.advance(16min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 1);

    const auto quiet = rig.declare("SEV3 Docs typo");
    rig.advance(2h);
    CHECK(rig.count(quiet, kReminder) == 0);  // SEV3: no cadence
    rig.command(rig.alice, quiet, "severity SEV1");
    // Quiet for two hours already at the new cadence: one reminder, at once.
    CHECK(rig.count(quiet, kReminder) == 1);
}

TEST_CASE("resolving stops reminders, and severities set to off never get one") {
    core::Runbook runbook;
    runbook.reminder_cadence[1] = std::nullopt;  // SEV2 off
    BotRig rig(runbook);
    const auto resolved = rig.declare("SEV1 Resolved quickly");
    const auto off = rig.declare("SEV2 Partial outage");
    rig.advance(5min);
    rig.command(rig.alice, resolved, "resolve false alarm");
    rig.advance(3h);
    CHECK(rig.count(resolved, kReminder) == 0);
    CHECK(rig.count(off, kReminder) == 0);
}

TEST_CASE("after a restart an overdue reminder is posted once, and the schedule resumes") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(5min);
    rig.restart();
    rig.advance(5min);
    CHECK(rig.count(c, kReminder) == 0);
    // Down across four cadences: one reminder when it comes back, not four.
    rig.stop_bot();
    rig.clock.advance(1h);
    rig.start_bot();
    CHECK(rig.count(c, kReminder) == 1);
    rig.advance(15min);
    CHECK(rig.count(c, kReminder) == 2);
}

TEST_CASE("escalation pages level by level until someone acknowledges") {
    BotRig rig(with_escalation());
    const auto c = rig.declare();
    rig.advance(4min);
    CHECK(rig.count(c, kEscalation) == 0);
    rig.advance(1min);  // respond-within for SEV1: 5 min
    REQUIRE(rig.count(c, kEscalation) == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("<@U0PRIMARY>") != std::string::npos);
    rig.advance(15min);
    REQUIRE(rig.count(c, kEscalation) == 2);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("<@U0SECOND>") != std::string::npos);
    rig.command(rig.bob, c, "ack");
    rig.advance(1h);
    CHECK(rig.count(c, kEscalation) == 2);
}

TEST_CASE("a reopened incident escalates again from the reopen until someone acknowledges") {
    BotRig rig(with_escalation());
    const auto c = rig.declare();
    rig.command(rig.bob, c, "ack");
    rig.command(rig.bob, c, "resolve rolled back");
    rig.advance(3h);
    rig.command(rig.alice, c, "reopen errors are back");
    rig.advance(4min);
    CHECK(rig.count(c, kEscalation) == 0);
    rig.advance(1min);
    REQUIRE(rig.count(c, kEscalation) == 1);
    const auto page = test::all_text(rig.bot_messages(c).back());
    CHECK(page.find("<@U0PRIMARY>") != std::string::npos);
    // Counted from the reopen, not from the declare three hours before.
    CHECK(page.find("5 min") != std::string::npos);
    CHECK(page.find("3 h") == std::string::npos);
    rig.command(rig.bob, c, "ack");
    rig.advance(1h);
    CHECK(rig.count(c, kEscalation) == 1);
}

TEST_CASE("taking IC with the button stops escalation before it starts") {
    BotRig rig(with_escalation());
    const auto c = rig.declare();
    const auto opening = rig.bot_messages(c).front();
    const auto click = rig.slack.click_button(rig.bob, c, opening.ts, "I'll be IC");
    REQUIRE(rig.slack.wait_for_ack(click, 5s));
    rig.settle();
    rig.advance(2h);
    CHECK(rig.count(c, kEscalation) == 0);
}

TEST_CASE("levels that fell due while the bot was down are paged together, once") {
    BotRig rig(with_escalation());
    const auto c = rig.declare();
    rig.stop_bot();
    rig.clock.advance(40min);  // past levels 1, 2 and 3 with nobody running
    rig.start_bot();
    REQUIRE(rig.count(c, kEscalation) == 1);
    std::string text;
    for (const auto& m : rig.bot_messages(c))
        if (test::all_text(m).find(kEscalation) != std::string::npos) text = test::all_text(m);
    CHECK(text.find("<@U0PRIMARY>") != std::string::npos);
    CHECK(text.find("<@U0SECOND>") != std::string::npos);
    CHECK(text.find("<!subteam^S0SRELEADS>") != std::string::npos);
    rig.advance(3h);
    CHECK(rig.count(c, kEscalation) == 1);
}

TEST_CASE("the IC is reminded of the post-mortem when it falls due, unless it is done") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Card payments failing");
    rig.command(rig.bob, c, "role ic me");
    rig.command(rig.bob, c, "resolve rolled back");
    rig.advance(23h);
    CHECK(rig.count(c, kPostmortemDue) == 0);
    rig.advance(1h);
    REQUIRE(rig.count(c, kPostmortemDue) == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("<@" + rig.bob + ">") !=
          std::string::npos);
    rig.advance(48h);
    CHECK(rig.count(c, kPostmortemDue) == 1);

    const auto done = rig.declare("SEV2 Search degraded");
    rig.command(rig.bob, done, "resolve reindexed");
    rig.command(rig.bob, done, "postmortem done https://wiki.example.com/pm/42");
    rig.advance(72h);
    CHECK(rig.count(done, kPostmortemDue) == 0);
}

TEST_CASE("an update that says when the next comes is reminded then, and the cadence resumes") {
    BotRig rig;
    const auto c = rig.declare();
    rig.command(rig.bob, c, "role ic me");
    // SPEC's template, last field: the reminder comes then, not 15 min on.
    rig.command(rig.bob, c, "update status: rolled back | next update: 5m");
    const auto update = test::all_text(rig.bot_messages(c).back());
    CHECK(update.find("*Actions:* —") != std::string::npos);  // not "| next update: 5m"
    CHECK(update.find("(in 5 min)") != std::string::npos);
    rig.advance(4min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(1min);
    REQUIRE(rig.count(c, kReminder) == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("which said the next would come by") !=
          std::string::npos);
    // Then a whole cadence, as after any reminder.
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 1);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 2);
    // Free text can end with it too; an update that gives none goes back to the cadence.
    rig.command(rig.bob, c, "update Error rate falling | next update: in 10 minutes");
    rig.command(rig.bob, c, "update Error rate normal");
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 2);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 3);
    // Stored with the incident: a restart keeps the time it gave.
    rig.command(rig.bob, c, "update watching | next update: 3m");
    rig.restart();
    rig.advance(3min);
    CHECK(rig.count(c, kReminder) == 4);
}

TEST_CASE("a next update past the cadence or not a time: posted, due by the cadence, and said") {
    BotRig rig;
    const auto c = rig.declare();
    // The update is what matters at 3 a.m.: it goes out either way.
    const auto later = rig.command(rig.alice, c, "update watching | next update: 1h");
    REQUIRE(later);
    CHECK(later->dump().find("Your update is posted. SEV1 asks for one every 15 min") !=
          std::string::npos);
    CHECK(later->dump().find("/incident snooze 1h") != std::string::npos);
    CHECK(rig.count(c, "Status update*") == 1);
    CHECK(test::all_text(rig.bot_messages(c).back()).find("(in 15 min)") != std::string::npos);
    const auto unread = rig.command(rig.alice, c, "update watching | next update: soon");
    REQUIRE(unread);
    CHECK(unread->dump().find("`soon` is not a time") != std::string::npos);
    CHECK(rig.count(c, "Status update*") == 2);
    rig.advance(14min);
    CHECK(rig.count(c, kReminder) == 0);
    rig.advance(1min);
    CHECK(rig.count(c, kReminder) == 1);
    // Within the cadence, nothing is said beside the update.
    CHECK_FALSE(rig.command(rig.alice, c, "update watching | next update: 5m"));

    // No cadence at SEV3: the time given is nudged once, then nothing.
    const auto quiet = rig.declare("SEV3 Docs typo");
    rig.command(rig.alice, quiet, "update fixing the page | next update: 2h");
    CHECK(test::all_text(rig.bot_messages(quiet).back()).find("(in 2 h)") != std::string::npos);
    rig.advance(2h);
    CHECK(rig.count(quiet, kReminder) == 1);
    rig.advance(6h);
    CHECK(rig.count(quiet, kReminder) == 1);
}
