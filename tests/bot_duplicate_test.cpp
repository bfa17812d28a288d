// `/incident duplicate INC-2026-001 [why]`: two people declared the same
// problem; the second incident is closed and its people go where the work
// is. With the real bot and the emulated Slack on one ManualClock.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using test::BotRig;
using test::contains;
using test::payload_text;

TEST_CASE("duplicate closes the incident, sends its people to the original, and reopen undoes it") {
    BotRig rig;
    const auto announce = rig.use_announce_channel();
    const auto original = rig.declare("SEV1 Payments failing");
    const auto dup = rig.declare("SEV2 Checkout errors", rig.bob);
    rig.command(rig.carol, dup, "role tech me");
    CHECK_FALSE(rig.is_member(original, rig.bob));
    CHECK_FALSE(rig.is_member(original, rig.carol));

    rig.advance(3min);
    const auto ack =
        payload_text(rig.command(rig.carol, dup, "duplicate INC-2026-001 same processor alert"));
    CHECK_FALSE(contains(ack, ":warning:"));

    // The duplicate's channel: closed, and where the work goes on.
    CHECK(rig.count(dup,
                    "*INC-2026-002 Checkout errors* is closed as a duplicate of "
                    "*INC-2026-001 Payments failing* (marked by <@" +
                        rig.carol + ">).") == 1);
    CHECK(rig.count(dup, "*Why:* same processor alert") == 1);
    CHECK(rig.count(dup, "The work goes on in <#" + original + ">") == 1);
    CHECK(contains(rig.slack.channel(dup)->topic, "SEV2 · Duplicate of INC-2026-001"));
    CHECK(contains(rig.pinned_text(dup), "Duplicate of INC-2026-001"));
    CHECK_FALSE(contains(rig.pinned_text(dup), "Post-mortem due"));
    CHECK(contains(payload_text(rig.command(rig.bob, dup, "status")), "Duplicate of INC-2026-001"));

    // The original's: told, with the duplicate's people invited first.
    CHECK(rig.is_member(original, rig.bob));
    CHECK(rig.is_member(original, rig.carol));
    CHECK(rig.count(original, "*INC-2026-002 Checkout errors* (SEV2, declared by <@" + rig.bob +
                                  ">) is closed as a duplicate of this incident (marked by <@" +
                                  rig.carol + ">).") == 1);
    CHECK(rig.count(original,
                    "Its people are invited here: <@" + rig.bob + ">, <@" + rig.carol + ">.") == 1);
    const auto timeline = payload_text(rig.command(rig.alice, original, "timeline"));
    CHECK(contains(timeline, "*Duplicate closed* INC-2026-002 Checkout errors"));
    CHECK(contains(payload_text(rig.command(rig.alice, dup, "timeline")),
                   "*Duplicate of* INC-2026-001 · same processor alert"));

    // #incidents: the duplicate's row and thread say so.
    const auto announced = rig.channel_text(announce);
    CHECK(
        contains(announced, ":link: *Duplicate of* *INC-2026-001 Payments failing* (marked by <@" +
                                rig.carol + ">): same processor alert"));
    CHECK(contains(announced, "Duplicate of INC-2026-001"));

    // No reminders or post-mortem for the duplicate; the original goes on.
    rig.advance(3h);
    CHECK(rig.count(dup, "Status update due") == 0);
    CHECK(rig.count(original, "Status update due") > 0);

    // Left out of the figures, and said so.
    CHECK(contains(payload_text(rig.command(rig.alice, rig.ops, "stats")),
                   "1 incident closed as a duplicate is left out."));

    // Following it points to where the work is.
    CHECK(contains(payload_text(rig.command(rig.alice, rig.ops, "INC-2026-002 follow")),
                   "It is closed as a duplicate of INC-2026-001: `/incident INC-2026-001 follow` "
                   "follows the work."));

    // Once only; reopening makes it an incident of its own again.
    CHECK(contains(payload_text(rig.command(rig.bob, dup, "duplicate INC-2026-001")),
                   "INC-2026-002 is already closed as a duplicate of INC-2026-001"));
    CHECK(rig.count(original, "is closed as a duplicate of this incident") == 1);
    rig.command(rig.bob, dup, "reopen not the same after all");
    CHECK_FALSE(contains(rig.slack.channel(dup)->topic, "Duplicate"));
    CHECK_FALSE(contains(rig.pinned_text(dup), "Duplicate of"));
    // The incident it was closed into is told, once, and keeps it on record.
    CHECK(rig.count(original,
                    ":leftwards_arrow_with_hook: *INC-2026-002 Checkout errors*, closed as a "
                    "duplicate of this incident, is reopened as an incident of its own (by <@" +
                        rig.bob + ">).") == 1);
    CHECK(rig.count(original, "*Why:* not the same after all") == 1);
    CHECK(rig.count(original, "Its work goes on in <#" + dup + ">.") == 1);
    CHECK(contains(payload_text(rig.command(rig.alice, original, "timeline")),
                   "*Duplicate reopened* INC-2026-002 Checkout errors · not the same after all"));
    CHECK(contains(rig.channel_text(announce),
                   "*INC-2026-002 Checkout errors*, closed as its duplicate, is reopened (by <@" +
                       rig.bob + ">)"));
    // Reopened again later, as an incident of its own: the original hears nothing more.
    rig.command(rig.bob, dup, "resolve fixed");
    rig.command(rig.bob, dup, "reopen back again");
    CHECK(rig.count(original, "is reopened as an incident of its own") == 1);
}

TEST_CASE("duplicate is refused for an unknown, the same, a resolved or a duplicate incident") {
    BotRig rig;
    const auto a = rig.declare("SEV1 Payments failing");
    const auto b = rig.declare("SEV2 Checkout errors");
    const auto c = rig.declare("SEV2 Card declines");
    const auto said = [&](const std::string& channel, const std::string& text) {
        return payload_text(rig.command(rig.alice, channel, text));
    };
    CHECK(contains(said(b, "duplicate"), "Say which incident this one duplicates"));
    CHECK(contains(said(b, "duplicate payments"), "`payments` is not an incident"));
    CHECK(contains(said(b, "duplicate INC-2026-009"),
                   "There is no incident INC-2026-009 you can see"));
    CHECK(contains(said(b, "duplicate INC-2026-002"), "This is INC-2026-002"));
    CHECK(contains(said(rig.ops, "duplicate INC-2026-001"),
                   "`/incident duplicate` only works in an incident channel"));

    // By its channel, as Slack sends a #channel typed in the command.
    CHECK_FALSE(contains(said(b, "duplicate of <#" + a + "|incident-x>"), ":warning:"));
    CHECK(rig.count(a, "is closed as a duplicate of this incident") == 1);
    // A names B, its own duplicate: said so, nothing changes.
    CHECK(
        contains(said(a, "duplicate INC-2026-002"),
                 "INC-2026-002 is already closed as a duplicate of INC-2026-001: the work goes on "
                 "here."));
    // C names B, itself a duplicate: pointed to A.
    CHECK(contains(said(c, "duplicate INC-2026-002"),
                   "INC-2026-002 is itself a duplicate of INC-2026-001: `/incident duplicate "
                   "INC-2026-001`"));
    rig.command(rig.alice, a, "resolve fixed");
    CHECK(contains(said(c, "duplicate INC-2026-001"),
                   "INC-2026-001 is resolved. If its problem is back, reopen it first"));
    CHECK(rig.count(c, "is closed as a duplicate") == 0);
    CHECK(contains(said(a, "duplicate INC-2026-003"), "INC-2026-001 is resolved: only an open"));
}

TEST_CASE("a private incident is neither found nor described by a duplicate outside it") {
    BotRig rig;
    const auto secret = rig.declare("SEV1 --private Payroll data exposed", rig.bob);
    const auto c = rig.declare("SEV2 Odd payroll emails");
    // Alice is not in it: it does not exist for her.
    CHECK(contains(payload_text(rig.command(rig.alice, c, "duplicate INC-2026-001")),
                   "There is no incident INC-2026-001 you can see"));
    // Bob is: the public duplicate's channel names it without its title.
    CHECK_FALSE(
        contains(payload_text(rig.command(rig.bob, c, "duplicate INC-2026-001")), ":warning:"));
    CHECK(rig.count(c, "*INC-2026-001* (a private incident)") == 1);
    CHECK(rig.count(c, "Payroll data exposed") == 0);
    CHECK(rig.count(secret, "*INC-2026-002 Odd payroll emails* (SEV2, declared by <@" + rig.alice +
                                ">) is closed as a duplicate of this incident") == 1);
    CHECK(rig.is_member(secret, rig.alice));

    // A private duplicate reopened is named in a public original without its title.
    const auto d = rig.declare("SEV2 Payments slow");
    const auto hush = rig.declare("SEV2 --private Payroll export slow", rig.bob);
    CHECK_FALSE(
        contains(payload_text(rig.command(rig.bob, hush, "duplicate INC-2026-003")), ":warning:"));
    rig.command(rig.bob, hush, "reopen");
    CHECK(rig.count(d,
                    "*INC-2026-004* (a private incident), closed as a duplicate of this "
                    "incident, is reopened") == 1);
    CHECK(rig.count(d, "Payroll export slow") == 0);
    CHECK(contains(payload_text(rig.command(rig.alice, d, "timeline")),
                   "*Duplicate reopened* INC-2026-004 (private)"));
}
