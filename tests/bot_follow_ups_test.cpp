// After resolve, with the bot and the emulated Slack on one ManualClock: the
// post-mortem draft and exports arrive as files through Slack's upload flow
// (retried through faults, never doubled), action items are reminded of
// once per due date, and stats answer anywhere.
#include <doctest/doctest.h>

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "storage/database.hpp"
#include "tests/support/bot_rig.hpp"
#include "tests/support/message_text.hpp"

using namespace std::chrono_literals;
using test::BotRig;

using test::contains;
using test::payload_text;

namespace {

std::vector<emulator::SharedFile> files_in(const BotRig& rig, const std::string& channel) {
    std::vector<emulator::SharedFile> out;
    for (auto& f : rig.slack.files())
        if (f.channel == channel) out.push_back(f);
    return out;
}

}  // namespace

TEST_CASE("postmortem after resolve uploads the Markdown draft into the channel as a file") {
    BotRig rig;
    const auto c = rig.declare("SEV1 Payment processing outage");
    rig.command(rig.alice, c, "ack");
    rig.command(rig.alice, c, "impact users: 15000 | revenue: $45000 | EU card payments");
    rig.command(rig.alice, c, "detected monitoring_alert at 08:58");
    rig.command(rig.alice, c,
                "action Add monitoring for the connection pool <@" + rig.bob + "> due 2026-11-30");
    rig.advance(90min);
    rig.command(rig.alice, c, "resolve rolled back deploy 2026.11.3");
    const auto ack = rig.command(rig.alice, c, "postmortem");
    CHECK(contains(payload_text(ack), "Building the post-mortem draft"));
    CHECK_FALSE(contains(payload_text(ack), "still open"));
    rig.settle();
    const auto files = files_in(rig, c);
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "INC-2026-001-postmortem.md");
    const auto& md = files[0].content;
    CHECK(contains(md, "# Post-mortem: INC-2026-001 Payment processing outage"));
    CHECK(contains(md, "- Users affected: 15,000"));
    CHECK(contains(md, "- Detected by: monitoring_alert"));
    CHECK(contains(md, "| Add monitoring for the connection pool |"));
    CHECK(contains(md, "- Resolution: rolled back deploy 2026.11.3"));
    CHECK(contains(md, "- [x] Action items assigned owners and due dates"));
    // The share is a file_share message in the channel, with the comment.
    const auto history = rig.slack.messages(c);
    CHECK(std::any_of(history.begin(), history.end(), [](const emulator::Message& m) {
        return m.subtype == "file_share" && contains(m.text, "Post-mortem draft of INC-2026-001");
    }));
}

TEST_CASE("postmortem before resolve says it is a draft of an open incident and still uploads") {
    BotRig rig;
    const auto c = rig.declare();
    const auto ack = rig.command(rig.alice, c, "postmortem");
    CHECK(contains(payload_text(ack), "a draft, the incident is still open"));
    rig.settle();
    REQUIRE(files_in(rig, c).size() == 1);
    CHECK(contains(files_in(rig, c)[0].content, "the incident is still open"));
}

TEST_CASE("export yaml uploads a file that parses back with the template's keys") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Checkout: \"slow\" #eu 🔥");
    rig.command(rig.alice, c, "note step 1: restart | step 2: pray");
    rig.command(rig.alice, c, "export yaml");
    rig.settle();
    const auto files = files_in(rig, c);
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == "INC-2026-001.yaml");
    const auto doc = YAML::Load(files[0].content)["incident"];
    CHECK(doc["id"].as<std::string>() == "INC-2026-001");
    CHECK(doc["title"].as<std::string>() == "Checkout: \"slow\" #eu 🔥");
    CHECK(doc["timeline"][1]["event"].as<std::string>() == "Note: step 1: restart | step 2: pray");
}

TEST_CASE("an upload through a 429, a 5xx and a lost answer is retried and shared exactly once") {
    BotRig rig;
    const auto c = rig.declare();
    rig.slack.inject("files.getUploadURLExternal", {emulator::Fault::Kind::RateLimited, 1});
    rig.slack.inject("upload_url", {emulator::Fault::Kind::ServerError, 1, 503});
    rig.slack.inject("files.completeUploadExternal", {emulator::Fault::Kind::DropAfterEffect});
    rig.command(rig.alice, c, "export json");
    for (int i = 0; i < 12 && files_in(rig, c).empty(); ++i) rig.advance(30s);
    rig.advance(5min);
    const auto files = files_in(rig, c);
    REQUIRE(files.size() == 1);
    const auto shares = rig.slack.messages(c);
    CHECK(std::count_if(shares.begin(), shares.end(),
                        [](const emulator::Message& m) { return m.subtype == "file_share"; }) == 1);
    CHECK(nlohmann::json::parse(files[0].content).at("incident").at("id") == "INC-2026-001");
}

TEST_CASE("an overdue action item reminds its owner once per due date, also after a restart") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    const auto c = rig.declare();
    rig.command(rig.alice, c, "action Write the runbook <@" + rig.bob + "> due 2026-11-24");
    rig.command(rig.alice, c, "resolve fixed");
    rig.advance(14h);  // 23:00 on the 23rd
    CHECK(rig.count(c, "Overdue action items") == 0);
    rig.stop_bot();
    rig.clock.advance(26h);  // the due date passed while the bot was down
    rig.start_bot();
    rig.settle();
    REQUIRE(rig.count(c, "Overdue action items") == 1);
    CHECK(contains(test::all_text(rig.bot_messages(c).back()), "<@" + rig.bob + ">"));
    rig.advance(24h);
    CHECK(rig.count(c, "Overdue action items") == 1);
    // A new due date is a new reminder; done items are never reminded.
    rig.command(rig.alice, c, "action 1 due 2026-11-27");
    rig.advance(48h);
    CHECK(rig.count(c, "Overdue action items") == 2);
    rig.command(rig.alice, c, "action done 1");
    const auto list = payload_text(rig.command(rig.alice, c, "actions"));
    CHECK(contains(list, "Write the runbook"));
}

TEST_CASE("the overdue reminder follows every item change and outlives other commands") {
    BotRig rig;  // 2026-11-23 09:00 UTC
    const auto c = rig.declare();
    rig.command(rig.alice, c, "action Write the runbook <@" + rig.bob + "> due 2026-11-26");
    // A later item with an earlier date moves the reminder earlier; commands
    // that touch no item leave it where it is.
    rig.command(rig.alice, c, "action Add an alert <@" + rig.bob + "> due 2026-11-24");
    rig.command(rig.alice, c, "update investigating | still looking");
    rig.command(rig.alice, c, "note checked the dashboards");
    rig.command(rig.alice, c, "resolve fixed");
    rig.advance(39h);  // 00:00 on the 25th: item 2 is overdue, item 1 is not
    REQUIRE(rig.count(c, "Overdue action items") == 1);
    const auto first = test::all_text(rig.bot_messages(c).back());
    CHECK(contains(first, "2. Add an alert"));
    CHECK_FALSE(contains(first, "Write the runbook"));
    // Item 1 done before its date: nothing more, whatever else happens.
    rig.command(rig.alice, c, "action done 1");
    rig.command(rig.alice, c, "note retro booked");
    rig.advance(72h);
    CHECK(rig.count(c, "Overdue action items") == 1);
    // Reopened with a new date: reminded again.
    rig.command(rig.alice, c, "action undone 1");
    rig.command(rig.alice, c, "action 1 due 2026-11-29");
    rig.advance(24h);
    CHECK(rig.count(c, "Overdue action items") == 2);
}

TEST_CASE("a change typed outside an incident channel is refused in one line, nothing stored") {
    BotRig rig;
    const auto c = rig.declare();
    const auto before = rig.bot_messages(c).size();
    for (const std::string text : {"ack", "note looked at it", "resolve fixed", "role ic me",
                                   "severity SEV2", "action Write the runbook", "action done 1"}) {
        const auto reply = payload_text(rig.command(rig.alice, rig.ops, text));
        const auto name = text.substr(0, text.find(' '));
        CHECK_MESSAGE(contains(reply, "`/incident " + name + "` only works in an incident channel"),
                      text << ": " << reply);
    }
    rig.settle();
    CHECK(rig.bot_messages(c).size() == before);
    CHECK(rig.count(rig.ops, "acknowledged") == 0);
    // The incident took none of it: acknowledging it now is its first ack.
    CHECK_FALSE(contains(payload_text(rig.command(rig.alice, c, "ack")), "already"));
}

TEST_CASE("stats answers anywhere with MTTA and MTTR per severity") {
    BotRig rig;
    const auto c = rig.declare();
    rig.advance(3min);
    rig.command(rig.bob, c, "ack");
    rig.advance(57min);
    rig.command(rig.bob, c, "resolve done");
    const auto reply = payload_text(rig.command(rig.alice, rig.ops, "stats 30d"));
    CHECK(contains(reply, "MTTA median"));
    CHECK(contains(reply, "SEV1"));
    CHECK(contains(reply, "3 min"));
    CHECK(contains(reply, "1 h"));
}

TEST_CASE("a wrong shape gets one line that shows the right one") {
    BotRig rig;
    const auto c = rig.declare();
    CHECK(contains(payload_text(rig.command(rig.alice, c, "action Fix due 2026-13-40")),
                   "`due YYYY-MM-DD`"));
    CHECK(contains(payload_text(rig.command(rig.alice, c, "action done 99")),
                   "has no action item 99"));
    CHECK(contains(payload_text(rig.command(rig.alice, c, "impact users: lots")),
                   "`users:` takes a number"));
}

TEST_CASE(
    "an action item owner typed as an unknown plain @name is stored as asked, then set once Slack "
    "says who it is") {
    BotRig rig;
    const auto c = rig.declare();
    const auto dana = rig.slack.add_user("dana", "Dana Scully");  // the bot has never seen her
    // users.list answers slowly: the bot stops after the ack, before the answer.
    rig.slack.inject("users.list", emulator::Fault{emulator::Fault::Kind::Delay, 1, 503, 1500ms});
    const auto id =
        rig.slack.send_slash_command(rig.alice, c, "action Add pool alerts @dana due 2026-11-30");
    const auto ack = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(ack);
    CHECK(contains(payload_text(ack->payload), "Looking up @dana"));
    rig.restart();
    auto list = payload_text(rig.command(rig.alice, c, "actions"));
    CHECK(contains(list, "Add pool alerts"));
    CHECK(contains(list, "<@" + dana + ">"));
    CHECK(contains(list, "2026-11-30"));

    // A name nobody has: one clear line, and nothing added.
    rig.command(rig.alice, c, "action Page the vendor @nobody");
    rig.settle();
    bool told = false;
    for (const auto& e : rig.slack.ephemerals(rig.alice))
        if (contains(e.text + e.blocks.dump(), "No user @nobody")) told = true;
    CHECK(told);
    list = payload_text(rig.command(rig.alice, c, "actions"));
    CHECK_FALSE(contains(list, "Page the vendor"));
    // A command that cannot apply is refused at once, before any lookup.
    CHECK(contains(payload_text(rig.command(rig.alice, c, "action 9 owner @nobody")), "9"));
}

TEST_CASE("a person who joins right after the bot looked for their name is found the next time") {
    BotRig rig;
    const auto c = rig.declare();
    const auto told_no_erin = [&] {
        int n = 0;
        for (const auto& e : rig.slack.ephemerals(rig.alice))
            if (contains(e.text + e.blocks.dump(), "No user @erin")) ++n;
        return n;
    };
    rig.command(rig.alice, c, "action Rotate the keys @erin");
    rig.settle();
    REQUIRE(told_no_erin() == 1);
    // Erin joins the workspace a moment later (the clock does not move):
    // asking again finds her, where a remembered miss would refuse her.
    const auto erin = rig.slack.add_user("erin", "Erin Lee");
    rig.command(rig.alice, c, "action Rotate the keys @erin");
    rig.settle();
    CHECK(told_no_erin() == 1);
    const auto list = payload_text(rig.command(rig.alice, c, "actions"));
    CHECK(contains(list, "Rotate the keys"));
    CHECK(contains(list, "<@" + erin + ">"));
}

TEST_CASE("a users.list pass writes only the people who are new, not the whole workspace again") {
    BotRig rig;
    const auto c = rig.declare();
    rig.command(rig.alice, c, "action Call the vendor @nobody");  // a pass that stores everyone
    rig.settle();
    rig.advance(5min);
    const auto erin = rig.slack.add_user("erin", "Erin Lee");
    rig.command(rig.alice, c, "action Rotate the keys @erin");  // a second pass
    rig.settle();
    REQUIRE(contains(payload_text(rig.command(rig.alice, c, "actions")), "<@" + erin + ">"));
    auto db = storage::Database::open(rig.config.db_path);
    REQUIRE(db);
    const auto updated_at = [&](const std::string& id) {
        auto q = (*db)->query("SELECT updated_at FROM users WHERE user_id = ?1");
        q.bind(1, id);
        REQUIRE(q.step());
        return q.int64(0);
    };
    // Bob was stored by the first pass and left alone by the second.
    CHECK(updated_at(rig.bob) < updated_at(erin));
}
