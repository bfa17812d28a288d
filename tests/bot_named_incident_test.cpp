// After resolve, people archive the incident channel: nothing can be typed
// there any more, and the bot cannot post there. A command that starts with
// the incident's id (`/incident INC-2026-001 postmortem done <link>`) works
// from any channel, and the reminders that fall due later (post-mortem,
// overdue action items) go to their people directly, with that command.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"
#include "tests/support/message_text.hpp"

using namespace std::chrono_literals;
using test::BotRig;

using test::contains;
using test::payload_text;

namespace {

std::size_t dms_with(const BotRig& rig, const std::string& user, const std::string& needle) {
    std::size_t n = 0;
    for (const auto& m : rig.dm_messages(user))
        if (contains(test::all_text(m), needle)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a command that starts with an incident's id acts on it from any channel") {
    BotRig rig;
    const auto c = rig.declare();
    // The id alone is its status; any case; a command after it runs on it.
    for (const std::string typed : {"INC-2026-001", "inc-2026-001 status"}) {
        const auto status = payload_text(rig.command(rig.bob, rig.ops, typed));
        CHECK_MESSAGE(contains(status, "Payment processing down"), typed << ": " << status);
        CHECK_MESSAGE(contains(status, "SEV1"), typed << ": " << status);
    }
    const auto note =
        payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 note paged the DBA"));
    CHECK(contains(note, "Done: `note` on *INC-2026-001 Payment processing down*"));
    CHECK(contains(note, "<#" + c + ">"));
    rig.settle();
    const auto timeline = payload_text(rig.command(rig.alice, c, "timeline"));
    CHECK(contains(timeline, "paged the DBA"));
    // Typed in its own channel, the id changes nothing: no extra reply.
    CHECK_FALSE(rig.command(rig.alice, c, "INC-2026-001 note in place").has_value());
    // Commands that are about no one incident say so; unknown ids too.
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 list")),
                   "is not about one incident: leave out INC-2026-001"));
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-042 ack")),
                   "There is no incident INC-2026-042 you can see"));
    // Without an id, a change typed elsewhere is refused as before, and the
    // refusal shows the form that works.
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "ack")),
                   "anywhere after the incident's id (`/incident INC-2026-001 ack …`)"));
}

TEST_CASE("a private incident is named from elsewhere only by the people in it") {
    BotRig rig;
    const auto c = rig.declare("SEV1 --private Payroll data exposed");
    // Carol has no part in it: she is not even told that it exists.
    const auto stranger = payload_text(rig.command(rig.carol, rig.ops, "INC-2026-001 status"));
    CHECK(contains(stranger, "There is no incident INC-2026-001 you can see"));
    CHECK_FALSE(contains(stranger, "Payroll"));
    // Alice declared it.
    CHECK(contains(payload_text(rig.command(rig.alice, rig.ops, "INC-2026-001 status")),
                   "Payroll data exposed"));
    // Once Bob took a role, he is in it too.
    rig.command(rig.alice, c, "role tech <@" + rig.bob + ">");
    rig.settle();
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 status")),
                   "Payroll data exposed"));
}

TEST_CASE("after the channel is archived, the post-mortem reminder reaches the IC directly") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    const auto c = rig.declare();
    rig.command(rig.bob, c, "role ic me");
    rig.command(rig.bob, c, "resolve rolled back");
    rig.settle();
    REQUIRE(rig.slack.archive_channel(rig.alice, c).empty());
    const auto posts_before = rig.bot_messages(c).size();
    rig.advance(25h);  // SEV1: due 24 h after resolve
    CHECK(rig.bot_messages(c).size() == posts_before);
    REQUIRE(dms_with(rig, rig.bob, "post-mortem for *INC-2026-001") == 1);
    const auto dm = test::all_text(rig.dm_messages(rig.bob).back());
    CHECK(
        contains(dm, "is archived, or the bot was removed from it, so this comes to you directly"));
    CHECK(contains(dm, "/incident INC-2026-001 postmortem done"));
    CHECK(rig.dm_messages(rig.alice).empty());
    const auto before = payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001"));
    CHECK(contains(before, "Post-mortem due"));
    CHECK(contains(before, "(overdue)"));
    // Done from another channel, as the message says: nothing more after.
    const auto done = payload_text(rig.command(
        rig.bob, rig.ops, "INC-2026-001 postmortem done https://wiki.example.com/pm/1"));
    CHECK(contains(done, "Done: `postmortem`"));
    rig.advance(72h);
    CHECK(dms_with(rig, rig.bob, "post-mortem") == 1);
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001")),
                   "wiki.example.com/pm/1"));
}

TEST_CASE(
    "overdue action items in an archived channel go to each owner, once, also after a restart") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    const auto c = rig.declare();
    rig.command(rig.alice, c, "ack");  // Alice is IC
    rig.command(rig.alice, c, "action Write the runbook <@" + rig.bob + "> due 2026-11-24");
    rig.command(rig.alice, c, "action Add an alert <@" + rig.carol + "> due 2026-11-24");
    rig.command(rig.alice, c, "action Book the retro due 2026-11-24");
    rig.command(rig.alice, c, "resolve fixed");
    rig.settle();
    REQUIRE(rig.slack.archive_channel(rig.alice, c).empty());
    rig.stop_bot();
    rig.clock.advance(40h);  // due while the bot was down
    rig.start_bot();
    rig.settle();
    CHECK(rig.count(c, "Overdue action items") == 0);
    // Each owner sees their own item; the unowned one goes to the IC.
    REQUIRE(dms_with(rig, rig.bob, "Overdue action items") == 1);
    const auto bob = test::all_text(rig.dm_messages(rig.bob).back());
    CHECK(contains(bob, "1. Write the runbook"));
    CHECK_FALSE(contains(bob, "Add an alert"));
    CHECK(contains(bob, "/incident INC-2026-001 action done N"));
    REQUIRE(dms_with(rig, rig.carol, "Overdue action items") == 1);
    CHECK(contains(test::all_text(rig.dm_messages(rig.carol).back()), "2. Add an alert"));
    REQUIRE(dms_with(rig, rig.alice, "Overdue action items") == 1);
    CHECK(contains(test::all_text(rig.dm_messages(rig.alice).back()), "3. Book the retro"));
    // Bob marks his done from elsewhere; a restart sends nothing twice.
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 action done 1")),
                   "Done: `action`"));
    rig.restart();
    rig.advance(48h);
    CHECK(dms_with(rig, rig.bob, "Overdue action items") == 1);
    CHECK(dms_with(rig, rig.carol, "Overdue action items") == 1);
    const auto list = payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 actions"));
    CHECK(contains(list, "Write the runbook"));
}

TEST_CASE(
    "an open incident's channel archived by mistake: pages and update reminders go directly") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    rig.config.runbook.escalation[0] = {{0s, {rig.carol}}};
    rig.restart();
    const auto c = rig.declare();
    REQUIRE(rig.slack.archive_channel(rig.alice, c).empty());
    rig.advance(5min);  // SEV1: respond within 5 min
    // Nobody acknowledged: Carol is paged in her DM, since the channel is gone.
    REQUIRE(dms_with(rig, rig.carol, "Escalation level 1") == 1);
    CHECK(contains(test::all_text(rig.dm_messages(rig.carol).back()),
                   "`/incident INC-2026-001 ack`, from any channel"));
    const auto ack = payload_text(rig.command(rig.carol, rig.ops, "INC-2026-001 ack"));
    CHECK(contains(ack, "Done: `ack`"));
    rig.advance(11min);  // the first update was due 15 min after declaring
    // Carol is IC now: the update reminder comes to her, with the id form.
    REQUIRE(dms_with(rig, rig.carol, "Status update due") == 1);
    CHECK(contains(test::all_text(rig.dm_messages(rig.carol).back()),
                   "/incident INC-2026-001 resolve"));
    rig.advance(1h);
    CHECK(dms_with(rig, rig.carol, "Escalation level") == 1);
    CHECK(rig.dm_messages(rig.alice).empty());
}

TEST_CASE("a private incident channel the bot was removed from: its people are told directly") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    rig.config.runbook.escalation[0] = {{0s, {rig.carol}}};
    rig.restart();
    const auto c = rig.declare("SEV1 --private Payroll data exposed");
    rig.settle();
    // Someone removes the app from the private channel: for the bot, Slack
    // now answers as if the channel did not exist (channel_not_found).
    REQUIRE(rig.slack.remove_from_channel(rig.alice, c, rig.slack.bot_user_id()).empty());
    const auto posts_before = rig.bot_messages(c).size();
    rig.advance(5min);
    REQUIRE(dms_with(rig, rig.carol, "Escalation level 1") == 1);
    const auto page = test::all_text(rig.dm_messages(rig.carol).back());
    CHECK(contains(page, "or the bot was removed from it"));
    CHECK(contains(page, "`/incident INC-2026-001 ack`, from any channel"));
    // Carol was paged: she is on its timeline, so she may name it.
    CHECK(
        contains(payload_text(rig.command(rig.carol, rig.ops, "INC-2026-001 ack")), "Done: `ack`"));
    rig.command(rig.carol, rig.ops, "INC-2026-001 resolve rotated the keys");
    rig.advance(25h);
    CHECK(dms_with(rig, rig.carol, "post-mortem for *INC-2026-001") == 1);
    CHECK(rig.bot_messages(c).size() == posts_before);
    CHECK(rig.dm_messages(rig.alice).empty());
}

TEST_CASE("an acknowledgement that makes the acker IC is one message, and brings them in") {
    BotRig rig;
    const auto c = rig.declare();
    // Bob acknowledges from #ops, where his page found him: he is IC, said
    // once in the channel, and invited into it.
    CHECK(contains(payload_text(rig.command(rig.bob, rig.ops, "INC-2026-001 ack")), "Done"));
    rig.settle();
    CHECK(rig.count(c, "acknowledged INC-2026-001 and is the *Incident Commander*") == 1);
    CHECK(rig.count(c, "is now *Incident Commander*") == 0);
    const auto channel = rig.slack.channel(c);
    REQUIRE(channel);
    CHECK(std::count(channel->members.begin(), channel->members.end(), rig.bob) == 1);
    const auto timeline = payload_text(rig.command(rig.alice, c, "timeline"));
    CHECK(contains(timeline, "*Acknowledged*"));
    CHECK(contains(timeline, "Incident Commander → <@" + rig.bob + ">"));
}
