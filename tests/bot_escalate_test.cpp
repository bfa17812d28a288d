// `/incident escalate [why]`: the next level of the severity's escalation
// paged now, by a person. With the real bot and the emulated Slack on one
// ManualClock.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;
using test::contains;
using test::payload_text;

namespace {

constexpr const char* kPage = "Escalation level";

std::string last_page(BotRig& rig, const std::string& channel) {
    std::string text;
    for (const auto& m : rig.bot_messages(channel))
        if (contains(test::all_text(m), kPage)) text = test::all_text(m);
    return text;
}

// SEV1: Carol at once, the SRE leads' group 15 min after the 5 min to respond.
void with_escalation(BotRig& rig) {
    rig.config.runbook.escalation[0] = {{0s, {rig.carol}}, {15min, {"S0SRELEADS"}}};
    rig.restart();
}

}  // namespace

TEST_CASE("escalate pages the next level now, and the scheduler goes on from the level after it") {
    BotRig rig;
    with_escalation(rig);
    const auto c = rig.declare("SEV1 Card payments failing");
    rig.advance(2min);
    CHECK_FALSE(rig.is_member(c, rig.carol));
    const auto ack = payload_text(rig.command(rig.alice, c, "escalate the DB failover is stuck"));
    CHECK_FALSE(contains(ack, ":warning:"));

    REQUIRE(rig.count(c, kPage) == 1);
    const auto page = last_page(rig, c);
    CHECK(contains(page, "*Escalation level 1* · *INC-2026-001 Card payments failing* (SEV1): <@" +
                             rig.alice + "> escalated it."));
    CHECK(contains(page, "*Why:* the DB failover is stuck"));
    CHECK(contains(page, "<@" + rig.carol + "> please respond: `/incident ack`"));
    CHECK(rig.is_member(c, rig.carol));  // invited first, so the mention reaches her
    const auto timeline = payload_text(rig.command(rig.alice, c, "timeline"));
    CHECK(contains(timeline, "Escalation"));
    CHECK(contains(timeline, "level 1: <@" + rig.carol + "> · the DB failover is stuck"));

    // Level 1 is not paged again when its time comes; level 2 keeps its own.
    rig.advance(3min);  // 5 min: level 1's time
    CHECK(rig.count(c, kPage) == 1);
    rig.advance(15min);  // 20 min: level 2's
    REQUIRE(rig.count(c, kPage) == 2);
    CHECK(contains(last_page(rig, c), "<!subteam^S0SRELEADS>"));
    CHECK(contains(last_page(rig, c), "has not been acknowledged for 20 min"));

    // Every level paged: said, nothing posted.
    const auto none_left = payload_text(rig.command(rig.alice, c, "escalate"));
    CHECK(contains(none_left, "Every level of SEV1's escalation (2) has been paged"));
    CHECK(rig.count(c, kPage) == 2);

    // A restart keeps the level: nothing is paged twice.
    rig.restart();
    rig.advance(1h);
    CHECK(rig.count(c, kPage) == 2);
}

TEST_CASE(
    "escalate after an ack asks the next level to join, and without a policy or once resolved it "
    "is refused") {
    BotRig rig;
    with_escalation(rig);
    const auto c = rig.declare();
    rig.command(rig.bob, c, "ack");
    rig.command(rig.bob, c, "escalate");
    REQUIRE(rig.count(c, kPage) == 1);
    const auto page = last_page(rig, c);
    CHECK(contains(page, "<@" + rig.bob + "> escalated it."));
    CHECK_FALSE(contains(page, "*Why:*"));
    CHECK(contains(page, "<@" + rig.carol + "> please join in"));
    CHECK_FALSE(contains(page, "/incident ack"));
    rig.advance(2h);  // acknowledged: no page of its own
    CHECK(rig.count(c, kPage) == 1);

    const auto sev3 = rig.declare("SEV3 Search is slow");
    const auto unset = payload_text(rig.command(rig.alice, sev3, "escalate"));
    CHECK(contains(unset, "SEV3 has no escalation contacts (`ESCALATION_SEV3`)"));
    CHECK(rig.count(sev3, kPage) == 0);

    rig.command(rig.bob, c, "resolve failed over");
    CHECK(contains(payload_text(rig.command(rig.bob, c, "escalate")), "is resolved"));
    CHECK(rig.count(c, kPage) == 1);
}

TEST_CASE("escalate with the channel archived by mistake: the people paged hear it directly") {
    BotRig rig;
    with_escalation(rig);
    const auto c = rig.declare();
    REQUIRE(rig.slack.archive_channel(rig.alice, c).empty());
    rig.command(rig.alice, rig.ops, "INC-2026-001 escalate need a DBA");
    const auto dms = rig.dm_messages(rig.carol);
    REQUIRE(dms.size() == 1);
    const auto dm = test::all_text(dms.back());
    CHECK(contains(dm, "*Escalation level 1*"));
    CHECK(contains(dm, "you are paged. *Why:* need a DBA"));
    CHECK(contains(dm, "`/incident INC-2026-001 ack`"));
}
