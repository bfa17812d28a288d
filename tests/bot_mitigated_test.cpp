// `/incident mitigated`: the impact has stopped, the incident stays open
// until resolved. With the real bot and the emulated Slack on one ManualClock.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;
using test::contains;
using test::payload_text;

TEST_CASE("mitigated: said in the channel and #incidents, shown as the state, kept to resolve") {
    BotRig rig;
    const auto announce = rig.use_announce_channel();
    const auto c = rig.declare("SEV1 Card payments failing");
    rig.command(rig.bob, c, "ack");
    rig.advance(7min);
    const auto ack = rig.command(rig.bob, c, "mitigated rolled back deploy 4411");
    CHECK(payload_text(ack).find(":warning:") == std::string::npos);
    CHECK(rig.count(
              c, "is mitigated (marked by <@" + rig.bob + ">), 7 min after it was declared") == 1);
    CHECK(rig.count(c, "*Mitigation:* rolled back deploy 4411") == 1);
    CHECK(contains(rig.slack.channel(c)->topic, "SEV1 · Mitigated · IC: <@" + rig.bob + ">"));
    CHECK(contains(rig.pinned_text(c), "*State*\nMitigated since <!date^"));
    const auto announced = rig.channel_text(announce);
    CHECK(contains(announced, ":large_yellow_circle: *Mitigated* (marked by <@" + rig.bob +
                                  ">): rolled back deploy 4411"));
    CHECK(contains(announced, ":large_yellow_circle: Mitigated"));
    CHECK(contains(payload_text(rig.command(rig.alice, c, "status")), "Mitigated since"));
    CHECK(contains(payload_text(rig.command(rig.alice, rig.ops, "list")), "· Mitigated ·"));

    // Once: a second is refused, and nothing is posted for it.
    const auto again = payload_text(rig.command(rig.alice, c, "mitigated again"));
    CHECK(contains(again, "was marked mitigated at"));
    CHECK(rig.count(c, "is mitigated") == 1);

    // Still open: the status update reminders go on.
    rig.advance(8min);
    CHECK(rig.count(c, "Status update due") == 1);

    rig.advance(10min);
    rig.command(rig.bob, c, "resolve root cause fixed");
    CHECK(rig.count(c, "is resolved by <@" + rig.bob + "> after 25 min (mitigated after 7 min)") ==
          1);
    CHECK(contains(rig.slack.channel(c)->topic, "SEV1 · Resolved"));
    CHECK(contains(rig.pinned_text(c), "*Mitigated* <!date^"));
    CHECK(contains(payload_text(rig.command(rig.alice, c, "timeline")),
                   "*Mitigated* rolled back deploy 4411"));
    CHECK(contains(payload_text(rig.command(rig.alice, c, "mitigated")), "is resolved"));

    // Reopened, it is broken again: no longer mitigated.
    rig.command(rig.alice, c, "reopen errors are back");
    CHECK(contains(rig.slack.channel(c)->topic, "SEV1 · Declared"));
    rig.command(rig.alice, c, "mitigated failed over to the other region");
    CHECK(rig.count(c, "is mitigated") == 2);
}

TEST_CASE("the time to mitigate is in the post-mortem draft and survives a restart") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search empty");
    rig.advance(12min);
    rig.command(rig.alice, c, "mitigate");
    rig.restart();
    CHECK(contains(payload_text(rig.command(rig.alice, c, "status")), "Mitigated since"));
    rig.advance(30min);
    rig.command(rig.alice, c, "resolve");
    rig.command(rig.alice, c, "postmortem");
    rig.settle();
    const auto files = rig.slack.files();
    const auto md =
        std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.channel == c; });
    REQUIRE(md != files.end());
    CHECK(contains(md->content, "- Time to mitigate: 12 min"));
    CHECK(contains(md->content, "| Mitigated | "));
}

TEST_CASE("mitigated at a time marked late: said since when, on the timeline in its place") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    const auto c = rig.declare("SEV1 Card payments failing");
    rig.advance(10min);
    rig.command(rig.bob, c, "note traffic is back to normal");
    rig.advance(10min);  // 09:20
    const auto ack = payload_text(rig.command(rig.bob, c, "mitigated failed over at 09:08"));
    CHECK_FALSE(contains(ack, ":warning:"));
    CHECK(rig.count(c, "is mitigated since <!date^") == 1);
    CHECK(rig.count(c, "8 min after it was declared") == 1);
    const auto timeline = payload_text(rig.command(rig.alice, c, "timeline"));
    const auto mitigated = timeline.find("*Mitigated* failed over");
    const auto note = timeline.find("traffic is back to normal");
    REQUIRE(mitigated != std::string::npos);
    REQUIRE(note != std::string::npos);
    CHECK(mitigated < note);  // 09:08 before the 09:10 note, though marked at 09:20

    const auto c2 = rig.declare("SEV2 Search empty");  // 09:20
    const auto early = payload_text(rig.command(rig.bob, c2, "mitigated at 09:15"));
    CHECK(contains(early, "09:15 UTC is before INC-2026-002 was declared (09:20 UTC)"));
    CHECK(rig.count(c2, "is mitigated") == 0);
}
