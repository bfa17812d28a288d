// `/incident page @carol [@dave …] [why]`: people brought in by hand, outside
// the escalation policy. With the real bot and the emulated Slack.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using test::BotRig;
using test::contains;
using test::payload_text;

TEST_CASE("page invites the people named, mentions them and keeps it on the timeline") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Card payments failing");
    CHECK_FALSE(rig.is_member(c, rig.carol));
    const auto ack = payload_text(rig.command(
        rig.alice, c,
        "page <@" + rig.carol + "|carol> <@" + rig.carol + "> the DB failover is stuck"));
    CHECK_FALSE(contains(ack, ":warning:"));
    CHECK(rig.is_member(c, rig.carol));  // invited first, so the mention reaches her
    CHECK(rig.count(c, ":mega: <@" + rig.alice + "> paged <@" + rig.carol +
                           "> into *INC-2026-001 Card payments failing* (SEV1).") == 1);
    CHECK(rig.count(c, "*Why:* the DB failover is stuck") == 1);
    CHECK(rig.count(c, "<@" + rig.carol + "> please join in") == 1);
    CHECK(rig.dm_messages(rig.carol).empty());  // the channel reached her
    CHECK(contains(payload_text(rig.command(rig.alice, c, "timeline")),
                   "*Paged* <@" + rig.carol + "> · the DB failover is stuck"));
    // Paging changes nothing else: still owed an acknowledgement.
    CHECK(contains(payload_text(rig.command(rig.alice, c, "status")), "Declared"));

    // Said what would work, and nothing posted.
    const auto said = [&](const std::string& text) {
        return payload_text(rig.command(rig.alice, c, text));
    };
    CHECK(contains(said("page"), "Say whom to page"));
    CHECK(contains(said("page need a DBA"), "Say whom to page"));
    CHECK(contains(said("page me"), "You are here already"));
    CHECK(contains(said("page <@" + rig.alice + ">"), "Page someone other than yourself"));
    CHECK(contains(said("page @carol"), "`@carol` is not linked to a person"));
    CHECK(rig.count(c, ":mega:") == 1);
    rig.command(rig.alice, c, "resolve fixed");
    CHECK(contains(said("page <@" + rig.bob + ">"), "INC-2026-001 is resolved"));
    CHECK_FALSE(rig.is_member(c, rig.bob));
}

TEST_CASE(
    "someone paged into a private incident may then use it, and hears it directly if "
    "the channel is archived") {
    BotRig rig;
    const auto secret = rig.declare("SEV1 --private Payroll data exposed");
    // Carol is not in it: it does not exist for her.
    CHECK(contains(payload_text(rig.command(rig.carol, rig.ops, "INC-2026-001 status")),
                   "There is no incident INC-2026-001"));
    rig.command(rig.alice, secret, "page <@" + rig.carol + "> need a DBA");
    CHECK(rig.is_member(secret, rig.carol));
    CHECK(contains(payload_text(rig.command(rig.carol, rig.ops, "INC-2026-001 status")),
                   "Payroll data exposed"));

    const auto c = rig.declare("SEV2 Checkout errors");
    REQUIRE(rig.slack.archive_channel(rig.alice, c).empty());
    rig.command(rig.alice, rig.ops, "INC-2026-002 page <@" + rig.bob + "> cache is cold");
    const auto dms = rig.dm_messages(rig.bob);
    REQUIRE(dms.size() == 1);
    const auto dm = test::all_text(dms.back());
    CHECK(contains(dm, ":mega: <@" + rig.alice +
                           "> paged you into *INC-2026-002 Checkout errors* (SEV2). *Why:* cache "
                           "is cold"));
    CHECK(contains(dm, "`/incident INC-2026-002 status`"));
}
