// `/incident follow`: a stakeholder outside the channel hears of each change
// of state in a direct message from the app. With the real bot and the
// emulated Slack on one ManualClock.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;
using test::contains;
using test::payload_text;

namespace {

std::string last_dm(BotRig& rig, const std::string& user) {
    const auto dms = rig.dm_messages(user);
    return dms.empty() ? std::string() : test::all_text(dms.back());
}

}  // namespace

TEST_CASE("a follower gets each change of state directly, never their own, until they unfollow") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Card payments failing");
    const auto follow = payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 follow"));
    CHECK(contains(follow, "You follow *INC-2026-001 Card payments failing*"));
    CHECK(contains(follow, "`/incident INC-2026-001 unfollow` stops them"));
    CHECK_FALSE(rig.is_member(c, rig.bob));
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 subscribe")),
                   "You already follow"));
    rig.command(rig.carol, c, "follow");

    rig.command(rig.alice, c, "update status: investigating | impact: card payments fail");
    REQUIRE(rig.dm_messages(rig.bob).size() == 1);
    const auto dm = last_dm(rig, rig.bob);
    CHECK(contains(dm, "You follow *INC-2026-001 Card payments failing* · <#" + c + ">"));
    CHECK(contains(dm, "investigating"));
    CHECK(contains(dm, "card payments fail"));
    CHECK(contains(dm, "`/incident INC-2026-001 unfollow` stops these messages."));
    for (const auto& m : rig.dm_messages(rig.bob))
        for (const auto& block : m.blocks) CHECK(block.value("type", "") != "actions");

    // A note or a role is not a change of state; the one who made a change is not told.
    rig.command(rig.alice, c, "note looking at the processor's dashboard");
    rig.command(rig.alice, c, "role tech me");
    CHECK(rig.dm_messages(rig.bob).size() == 1);
    rig.command(rig.bob, rig.ops, "INC-2026-001 severity SEV2");
    CHECK(rig.dm_messages(rig.bob).size() == 1);
    CHECK(contains(last_dm(rig, rig.carol), "SEV2"));

    // Kept across a restart.
    rig.restart();
    rig.command(rig.alice, c, "mitigated failed over");
    CHECK(rig.dm_messages(rig.bob).size() == 2);
    CHECK(contains(last_dm(rig, rig.bob), "is mitigated"));

    rig.command(rig.alice, c, "resolve processor fixed");
    CHECK(contains(last_dm(rig, rig.bob), "is resolved"));
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 unfollow")),
                   "You no longer follow INC-2026-001."));
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 unfollow")),
                   "You do not follow INC-2026-001: nothing changed."));
    const auto before = rig.dm_messages(rig.bob).size();
    rig.command(rig.alice, c, "reopen it is back");
    CHECK(rig.dm_messages(rig.bob).size() == before);
    CHECK(contains(last_dm(rig, rig.carol), "is reopened"));
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 follow please")),
                   "`/incident follow` takes no text"));
}
